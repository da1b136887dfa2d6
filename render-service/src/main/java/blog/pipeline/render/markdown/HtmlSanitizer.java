package blog.pipeline.render.markdown;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

import org.springframework.stereotype.Component;

/**
 * Cleans untrusted HTML with an allow-list: only known-harmless tags, attributes and URL schemes survive, everything
 * else is dropped (not escaped into visible text); the contents of {@code script} and {@code style} vanish with them.
 * <p>
 * Built on jsoup's {@link Safelist}: one library both parses HTML the way browsers do (so the cleaner sees the same
 * tree an attacker's markup would produce) and sanitizes it by allow-list, which fails safe for constructs nobody
 * thought of, unlike a deny-list or regex approach. After cleaning, links and images get the attributes the site
 * wants: {@code rel="noopener noreferrer"} on external links, {@code loading="lazy"} and an {@code alt} on images.
 * <p>
 * Two allowances exist only for the Markdown extensions: an {@code id} on headings (section anchors), kept only when
 * it is a plain slug, and task list check boxes: an {@code input} of type {@code checkbox} directly in a list item,
 * always {@code disabled}; any other {@code input} is removed.
 */
@Component
public class HtmlSanitizer {

	/**
	 * Relative URLs are resolved against this base only to check their scheme; they are kept relative in the output.
	 */
	private static final String RESOLUTION_BASE = "https://relative.invalid/";

	static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");

	static final Set<String> IMAGE_SCHEMES = Set.of("http", "https");

	/** A heading id as the anchor extension makes them: letters, digits, dashes and underscores. */
	private static final Pattern HEADING_ID = Pattern.compile("[\\p{L}\\p{N}_-]{1,100}");

	private static final Safelist SAFELIST = new Safelist()
		.addTags("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "b", "i", "del",
				"s", "sub", "sup", "code", "pre", "blockquote", "a", "img", "table", "caption", "thead", "tbody",
				"tfoot", "tr", "th", "td", "input")
		.addAttributes("h1", "id")
		.addAttributes("h2", "id")
		.addAttributes("h3", "id")
		.addAttributes("h4", "id")
		.addAttributes("h5", "id")
		.addAttributes("h6", "id")
		.addAttributes("input", "type", "checked")
		.addAttributes("a", "href", "title")
		.addAttributes("img", "src", "alt", "title", "width", "height")
		.addAttributes("ol", "start")
		.addAttributes("code", "class")
		.addAttributes("th", "align", "colspan", "rowspan")
		.addAttributes("td", "align", "colspan", "rowspan")
		.addProtocols("a", "href", "http", "https", "mailto")
		.addProtocols("img", "src", "http", "https")
		.preserveRelativeLinks(true);

	/** Cleans {@code untrustedHtml} (a body fragment) into markup that is safe to insert into a page. */
	public SafeHtml sanitize(String untrustedHtml) {
		if (untrustedHtml.isBlank()) {
			return SafeHtml.empty();
		}
		Document dirty = Jsoup.parseBodyFragment(untrustedHtml, RESOLUTION_BASE);
		Document clean = new Cleaner(SAFELIST).clean(dirty);
		// one pass over the cleaned tree (collected first: the fixes below unwrap and remove elements)
		for (Element element : clean.body().getAllElements()) {
			switch (element.normalName()) {
				case "a" -> fixLink(element);
				case "img" -> fixImage(element);
				case "input" -> fixInput(element);
				case "h1", "h2", "h3", "h4", "h5", "h6" -> {
					if (element.hasAttr("id") && !HEADING_ID.matcher(element.id()).matches()) {
						element.removeAttr("id");
					}
				}
				default -> {
				}
			}
		}
		// xhtml escaping: only & < > " become entities; the page is UTF-8, and it is much faster than named entities
		clean.outputSettings().escapeMode(Entities.EscapeMode.xhtml);
		clean.outputSettings().prettyPrint(false);
		String text = clean.body().text();
		return new SafeHtml(clean.body().html(), text, WordCounter.count(text));
	}

	private static void fixLink(Element link) {
		String href = link.attr("href");
		if (!hasAllowedScheme(href, LINK_SCHEMES)) {
			link.unwrap();
		}
		else if (isAbsoluteWebUrl(href)) {
			link.attr("rel", "noopener noreferrer");
		}
	}

	private static void fixImage(Element image) {
		if (!hasAllowedScheme(image.attr("src"), IMAGE_SCHEMES)) {
			image.remove();
			return;
		}
		image.attr("loading", "lazy");
		if (!image.hasAttr("alt")) {
			image.attr("alt", "");
		}
	}

	private static void fixInput(Element input) {
		if (isTaskListCheckbox(input)) {
			input.attr("disabled", true);
		}
		else {
			input.remove();
		}
	}

	private static boolean isTaskListCheckbox(Element input) {
		Element parent = input.parent();
		boolean inListItem = parent != null
				&& (parent.nameIs("li") || (parent.nameIs("p") && parent.parent() != null && parent.parent().nameIs("li")));
		return inListItem && input.attr("type").equalsIgnoreCase("checkbox");
	}

	/**
	 * Second line of defence behind the safelist: reads the URL as a browser would (ignoring ASCII whitespace and
	 * control characters) and accepts only relative URLs or the given schemes.
	 */
	static boolean hasAllowedScheme(String url, Set<String> schemes) {
		String normalized = withoutControlCharacters(url);
		if (normalized.isEmpty()) {
			return false;
		}
		int colon = normalized.indexOf(':');
		if (colon < 0) {
			return true;
		}
		int pathStart = firstIndexOfAny(normalized, "/?#");
		if (pathStart >= 0 && pathStart < colon) {
			return true;
		}
		return schemes.contains(normalized.substring(0, colon).toLowerCase(Locale.ROOT));
	}

	static boolean isAbsoluteWebUrl(String url) {
		String normalized = withoutControlCharacters(url).toLowerCase(Locale.ROOT);
		return normalized.startsWith("http:") || normalized.startsWith("https:") || normalized.startsWith("//")
				|| normalized.startsWith("/\\") || normalized.startsWith("\\");
	}

	private static String withoutControlCharacters(String url) {
		StringBuilder result = new StringBuilder(url.length());
		for (int i = 0; i < url.length(); i++) {
			char c = url.charAt(i);
			if (c > ' ') {
				result.append(c);
			}
		}
		return result.toString();
	}

	private static int firstIndexOfAny(String text, String characters) {
		for (int i = 0; i < text.length(); i++) {
			if (characters.indexOf(text.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}

}
