package blog.pipeline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Micrometer meters the services' sources register ({@code Counter.builder("pipeline.x")} and the like, also
 * through a constant), and the Prometheus series names each one is exported as, so a dashboard query can be checked
 * against the code.
 */
final class RegisteredMetrics {

	private static final Pattern BUILDER = Pattern
		.compile("\\b(Counter|Timer|Gauge|MultiGauge|DistributionSummary|LongTaskTimer)\\.builder\\(\\s*(\"([^\"]+)\"|(\\w+))");

	private static final Pattern CONSTANT = Pattern.compile("static final String (\\w+) = \"([^\"]+)\";");

	/** What Micrometer's Prometheus registry appends to a meter's name, by meter type. */
	private static final Map<String, List<String>> SUFFIXES = Map.of("Counter", List.of("_total"), "Timer",
			List.of("_seconds_count", "_seconds_sum", "_seconds_max", "_seconds_bucket"), "Gauge", List.of(""),
			"MultiGauge", List.of(""), "DistributionSummary", List.of("_count", "_sum", "_max", "_bucket"),
			"LongTaskTimer", List.of("_seconds_active_count", "_seconds_duration_sum", "_seconds_max"));

	/** Meter name (dotted) to its type. */
	private final Map<String, String> meters;

	private RegisteredMetrics(Map<String, String> meters) {
		this.meters = meters;
	}

	/** Every meter registered in {@code src/main/java} of these modules. */
	static RegisteredMetrics in(Path root, List<String> modules) {
		Map<String, String> meters = new TreeMap<>();
		for (String module : modules) {
			try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
				files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> collect(file, meters));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return new RegisteredMetrics(meters);
	}

	private static void collect(Path file, Map<String, String> meters) {
		String source;
		try {
			source = Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> constants = new HashMap<>();
		CONSTANT.matcher(source).results().forEach((match) -> constants.put(match.group(1), match.group(2)));
		Matcher builder = BUILDER.matcher(source);
		while (builder.find()) {
			String name = (builder.group(3) != null) ? builder.group(3) : constants.get(builder.group(4));
			if (name != null) {
				meters.put(name, builder.group(1));
			}
		}
	}

	Set<String> meterNames() {
		return this.meters.keySet();
	}

	/** The meter a Prometheus series name comes from, if the code registers one that is exported under it. */
	Optional<String> meterOf(String series) {
		for (Map.Entry<String, String> meter : this.meters.entrySet()) {
			String base = meter.getKey().replace('.', '_');
			for (String suffix : SUFFIXES.get(meter.getValue())) {
				if (series.equals(base + suffix)) {
					return Optional.of(meter.getKey());
				}
			}
		}
		return Optional.empty();
	}

}
