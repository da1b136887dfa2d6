package blog.pipeline.publish.pages;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import org.springframework.core.io.ClassPathResource;

/** Compiles the Mustache templates (everything escaped unless a template uses triple braces) and formats dates. */
public final class Templates {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private Templates() {
	}

	/** The template at {@code templates/{name}.mustache} on the class path. */
	public static Template compile(String name) {
		String location = "templates/" + name + ".mustache";
		try (Reader reader = new InputStreamReader(new ClassPathResource(location).getInputStream(),
				StandardCharsets.UTF_8)) {
			return Mustache.compiler().escapeHTML(true).defaultValue("").compile(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read template " + location, ex);
		}
	}

	/** A date as readers see it, e.g. {@code March 1, 2026}. */
	public static String readable(Instant instant) {
		return DATE.format(instant);
	}

}
