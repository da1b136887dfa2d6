package blog.pipeline.ingest.fuzz;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates hostile requests for the editors' API, reproducibly from a seed: malformed JSON, wrong types, huge and
 * empty values, invalid UTF-8, odd headers, and random methods and paths under {@code /api/posts}. Each generator
 * starts from a valid draft and breaks it in one or more ways, so most requests get past the outer checks and reach
 * the code behind them.
 */
public final class RequestFuzzer {

	/** The categories, in the order the tests run them. */
	public enum Category {

		MALFORMED_JSON, WRONG_TYPES, HUGE_AND_EMPTY_VALUES, INVALID_UTF8, ODD_HEADERS, METHODS_AND_PATHS

	}

	/** One generated request; {@code path} is a valid URI path-and-query (any percent-escapes are well-formed). */
	public record FuzzRequest(Category category, String method, String path, List<Map.Entry<String, String>> headers,
			byte @Nullable [] body) {

		/** The request for a failure message, long values cut short. */
		public String describe() {
			StringBuilder text = new StringBuilder(this.method).append(' ').append(cut(this.path, 300));
			for (Map.Entry<String, String> header : this.headers) {
				text.append("\n  ").append(header.getKey()).append(": ").append(cut(escape(header.getValue()), 200));
			}
			if (this.body != null) {
				text.append("\n  body (").append(this.body.length).append(" bytes): ")
					.append(cut(escape(new String(this.body, StandardCharsets.ISO_8859_1)), 600));
			}
			return text.toString();
		}

		public @Nullable String header(String name) {
			return this.headers.stream()
				.filter((header) -> header.getKey().equalsIgnoreCase(name))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse(null);
		}

	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String[] WORDS = { "pela", "case", "arrives", "Téléphone", "écologique", "Straße", "日本語",
			"🎉", "../", "..\\", "%2e%2e", "／", "․", "а", "C:\\", "/etc/passwd", "\u0000", "\u202e", "ǅ", "İ", "ﬁ",
			"a-b", "--", "  ", "\t", "\n", "<script>", "'", "\"", "`", "$x", "{{x}}", "🏳️‍🌈" };

	private static final String[] RAW_VALUES = { "1e999999", "-0", "1.0e-999", "123456789012345678901234567890",
			"NaN", "Infinity", "-Infinity", "0x1F", "01", "+1", ".5", "\"\\ud800\"", "\"\\udc00\\ud800\"",
			"\"\\u0000\"", "\"\\x41\"", "\"a\\u0000b\"", "'single'", "undefined", "true false", "[1,]", "{\"a\":1,}",
			"{\"a\"}", "[", "{", "\"", "\"unterminated", "nul", "tru", "\"\\uZZZZ\"", "\"\\", "//", "/* c */ 1",
			"\"\t\"", "\"\n\"", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", "9".repeat(2000), "\"" + "é".repeat(50) + "\"" };

	private static final String[] CONTENT_TYPES = { "application/json", "application/json; charset=utf-8",
			"application/json;charset=UTF-8", "application/json; charset=ISO-8859-1", "application/json; charset=utf-16",
			"application/json; charset=UTF-32", "application/json; charset=foo", "application/json; charset=",
			"application/json; charset=\"utf-8\"", "application/json;;", "application/json; q=", "APPLICATION/JSON",
			"application/json-patch+json", "application/merge-patch+json", "application/problem+json",
			"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "multipart/form-data",
			"text/plain", "text/html; charset=utf-8", "application/xml", "*/*", "application/*", "", " ", ";", "/",
			"application/", "json", "application/json\u0000", "application/json; charset=\u00e9",
			"application/json; boundary=\"" + "x".repeat(300) + "\"", "a".repeat(5000) + "/json",
			"application/json, text/plain", "application/vnd.api+json" };

	private static final String[] ACCEPTS = { "application/json", "application/problem+json", "*/*", "text/html",
			"application/xml", "text/plain", "image/png", "", "garbage", "application/json;q=0", "*/*;q=abc",
			"text/*, application/xml;q=0.9", "application/json, */*;q=0.1", "\u00ff/\u00ff" };

	private static final String[] METHODS = { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND",
			"FOO", "CONNECT" };

	private static final String[] SEGMENTS = { "", ".", "..", "%2e%2e", "%2E%2e", "%2f", "%5c", "%00", "%ff", "%c0%af",
			"%e2%80%a4", "%ef%bc%8f", "%20", "+", ";jsessionid=x", ";a=b", "status", "status;x", "a", "~", "-", "_",
			"null", "undefined", "0", "-1", "99999999999999999999", "%25", "%2525", "%7b%7d", "$", "'", "(", "*",
			"!", "@", ",", "=", "&", "%0d%0aX-Injected:%20yes", "x".repeat(300), "%e6%97%a5", "%f0%9f%8e%89" };

	private final Random random;

	private final String authorization;

	private final Supplier<List<String>> knownPostIds;

	/**
	 * @param seed the seed; the same seed gives the same requests
	 * @param token a valid editor token, used by most requests
	 * @param knownPostIds ids of posts that exist, so changes to them get past the 404
	 */
	public RequestFuzzer(long seed, String token, Supplier<List<String>> knownPostIds) {
		this.random = new Random(seed);
		this.authorization = "Bearer " + token;
		this.knownPostIds = knownPostIds;
	}

	public FuzzRequest next(Category category) {
		return switch (category) {
			case MALFORMED_JSON -> malformedJson();
			case WRONG_TYPES -> wrongTypes();
			case HUGE_AND_EMPTY_VALUES -> hugeAndEmptyValues();
			case INVALID_UTF8 -> invalidUtf8();
			case ODD_HEADERS -> oddHeaders();
			case METHODS_AND_PATHS -> methodsAndPaths();
		};
	}

	/** A valid draft with random, mostly harmless content. */
	public Map<String, Object> validDraft() {
		Map<String, Object> author = new LinkedHashMap<>();
		author.put("id", pick("maria-sanda", "jon", "a1", "x-" + this.random.nextInt(100)));
		author.put("name", pick("Maria Sanda", "Jon Doe", "Ζωή", "李"));
		Map<String, Object> draft = new LinkedHashMap<>();
		draft.put("title", words(1 + this.random.nextInt(6)));
		draft.put("author", author);
		draft.put("bodyMarkdown", words(3 + this.random.nextInt(30)));
		if (this.random.nextBoolean()) {
			draft.put("excerpt", words(1 + this.random.nextInt(5)));
		}
		if (this.random.nextInt(4) == 0) {
			draft.put("slug", "fuzz-" + Integer.toHexString(this.random.nextInt()));
		}
		if (this.random.nextBoolean()) {
			draft.put("tags", new ArrayList<>(List.of("partners", "fuzz")));
		}
		if (this.random.nextBoolean()) {
			Map<String, Object> cover = new LinkedHashMap<>();
			cover.put("url", "https://img.example.org/" + this.random.nextInt(1000) + ".jpg");
			cover.put("alt", words(2));
			draft.put("coverImage", cover);
		}
		if (this.random.nextInt(5) == 0) {
			draft.put("publishAt", pick("2025-04-01T10:00:00+02:00", "2030-01-01T00:00:00Z"));
		}
		return draft;
	}

	private FuzzRequest malformedJson() {
		byte[] body = JSON.writeValueAsBytes(validDraft());
		int mutations = 1 + this.random.nextInt(3);
		for (int i = 0; i < mutations; i++) {
			body = mutate(body);
		}
		return change(Category.MALFORMED_JSON, body);
	}

	private byte[] mutate(byte[] body) {
		if (body.length == 0) {
			return pickBytes("{", "[", "\"", "nul");
		}
		int at = this.random.nextInt(body.length);
		int length = 1 + this.random.nextInt(Math.min(20, body.length - at));
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 32);
		switch (this.random.nextInt(7)) {
			case 0 -> { // delete a range
				out.write(body, 0, at);
				out.write(body, at + length, body.length - at - length);
			}
			case 1 -> { // insert structural characters
				out.write(body, 0, at);
				out.writeBytes(pickBytes("{", "}", "[", "]", "\"", ":", ",", "\\", " ", "\u0000", "'", "//", "\\u",
						"\\ud800", "#"));
				out.write(body, at, body.length - at);
			}
			case 2 -> out.write(body, 0, at); // truncate
			case 3 -> { // duplicate a range
				out.write(body, 0, at + length);
				out.write(body, at, body.length - at);
			}
			case 4 -> { // replace one byte with any byte
				byte[] copy = body.clone();
				copy[at] = (byte) this.random.nextInt(256);
				out.writeBytes(copy);
			}
			case 5 -> { // a raw value where a value starts
				String text = new String(body, StandardCharsets.UTF_8);
				int colon = text.indexOf(':', Math.min(at, text.length() - 1));
				colon = (colon < 0) ? text.indexOf(':') : colon;
				out.writeBytes(text.substring(0, colon + 1).getBytes(StandardCharsets.UTF_8));
				out.writeBytes(pick(RAW_VALUES).getBytes(StandardCharsets.UTF_8));
				out.writeBytes(text.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
			}
			default -> { // trailing garbage
				out.writeBytes(body);
				out.writeBytes(pickBytes("}", "]", ",", " {}", "\u0000", "garbage", "\n\n{\"title\":1}"));
			}
		}
		return out.toByteArray();
	}

	private FuzzRequest wrongTypes() {
		Map<String, Object> draft = validDraft();
		Object value = randomValue(3);
		String raw = null;
		if (this.random.nextInt(4) == 0) {
			raw = pick(RAW_VALUES);
			value = "\u0001RAW\u0001";
		}
		switch (this.random.nextInt(14)) {
			case 0 -> draft.put("title", value);
			case 1 -> draft.put("author", value);
			case 2 -> nested(draft, "author").put("id", value);
			case 3 -> nested(draft, "author").put("name", value);
			case 4 -> draft.put("bodyMarkdown", value);
			case 5 -> draft.put("excerpt", value);
			case 6 -> draft.put("slug", value);
			case 7 -> draft.put("tags", value);
			case 8 -> draft.put("tags", new ArrayList<>(List.of("ok", value)));
			case 9 -> draft.put("coverImage", value);
			case 10 -> nested(draft, "coverImage").put("url", value);
			case 11 -> nested(draft, "coverImage").put("alt", value);
			case 12 -> draft.put("publishAt", value);
			default -> draft.put(pick("titel", "Title", "author.id", "", "__proto__", "constructor", "$type", "type",
					"@class", "bodymarkdown", "\u0000"), value);
		}
		String json = JSON.writeValueAsString(draft);
		if (raw != null) {
			json = json.replace("\"\\u0001RAW\\u0001\"", raw);
		}
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		if (this.random.nextInt(10) == 0) {
			body = JSON.writeValueAsBytes(randomValue(2)); // the whole body of another type
		}
		return change(Category.WRONG_TYPES, body);
	}

	private Object randomValue(int depth) {
		int kind = this.random.nextInt((depth > 0) ? 12 : 9);
		return switch (kind) {
			case 0 -> true;
			case 1 -> false;
			case 2 -> this.random.nextInt();
			case 3 -> pick(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE);
			case 4 -> pick(new BigDecimal("1e400"), new BigDecimal("-1e-400"), new BigDecimal("3.14"),
					new BigDecimal("12345678901234567890123456789"));
			case 5 -> this.random.nextDouble();
			case 6 -> words(1 + this.random.nextInt(3));
			case 7 -> "";
			case 8 -> pick("2025-06-01T10:00:00+02:00", "2025-06-01", "10:00", "+999999999-12-31T23:59:59+18:00",
					"-999999999-01-01T00:00:00-18:00", "2025-13-45T25:61:61Z", "P1D", "1717200000");
			case 9 -> new ArrayList<>(List.of(randomValue(depth - 1), randomValue(depth - 1)));
			case 10 -> new ArrayList<>();
			default -> {
				Map<String, Object> object = new LinkedHashMap<>();
				object.put(pick("id", "name", "url", "alt", "x", ""), randomValue(depth - 1));
				yield object;
			}
		};
	}

	private FuzzRequest hugeAndEmptyValues() {
		Map<String, Object> draft = validDraft();
		int length = pickInt(0, 0, 1, 39, 40, 41, 63, 64, 65, 99, 100, 101, 199, 200, 201, 299, 300, 301, 1000, 5000);
		if (this.random.nextInt(150) == 0) {
			length = pickInt(65_536, 1_048_575, 1_048_576, 1_048_577);
		}
		String text = filler(length);
		switch (this.random.nextInt(12)) {
			case 0 -> draft.put("title", text);
			case 1 -> nested(draft, "author").put("id", text);
			case 2 -> nested(draft, "author").put("name", text);
			case 3 -> draft.put("bodyMarkdown", text);
			case 4 -> draft.put("excerpt", text);
			case 5 -> draft.put("slug", text);
			case 6 -> draft.put("tags", tags(pickInt(0, 1, 10, 11, 100, 1000), pickInt(0, 1, 40, 41, 1000)));
			case 7 -> nested(draft, "coverImage").put("url", "https://img.example.org/" + text);
			case 8 -> nested(draft, "coverImage").put("alt", text);
			case 9 -> draft.put("publishAt", text);
			case 10 -> {
				draft.clear(); // an empty object, or one of only nulls
				if (this.random.nextBoolean()) {
					for (String field : List.of("title", "author", "bodyMarkdown", "tags", "coverImage")) {
						draft.put(field, null);
					}
				}
			}
			default -> {
				int depth = pickInt(10, 100, 600, 1200, 5000);
				byte[] body = ("{\"title\": " + "[".repeat(depth) + "]".repeat(depth) + "}")
					.getBytes(StandardCharsets.UTF_8);
				return change(Category.HUGE_AND_EMPTY_VALUES, body);
			}
		}
		return change(Category.HUGE_AND_EMPTY_VALUES, JSON.writeValueAsBytes(draft));
	}

	private String filler(int length) {
		String unit = pick("a", "é", "日", "🎉", " ", "\u0000", "-", "\u200b", "ab-");
		StringBuilder text = new StringBuilder(length + 4);
		while (text.length() < length) {
			text.append(unit);
		}
		return text.toString();
	}

	private FuzzRequest invalidUtf8() {
		byte[] body = JSON.writeValueAsBytes(validDraft());
		int insertions = 1 + this.random.nextInt(3);
		for (int i = 0; i < insertions; i++) {
			byte[] bad = HexFormat.of()
				.parseHex(pick("80", "bf", "c3", "c3c3", "e282", "f09f98", "c0af", "e080af", "f08080af", "eda080",
						"edbfbf", "f4908080", "f5", "fe", "ff", "fffe", "efbbbf", "00", "c328", "e228a1", "f0288c28"));
			// Mostly inside a string value, where the parser decodes; sometimes anywhere.
			String text = new String(body, StandardCharsets.ISO_8859_1);
			List<Integer> stringStarts = new ArrayList<>();
			for (int quote = text.indexOf("\":\""); quote >= 0; quote = text.indexOf("\":\"", quote + 1)) {
				stringStarts.add(quote + 3);
			}
			int at = (this.random.nextInt(4) > 0 && !stringStarts.isEmpty())
					? pick(stringStarts) + this.random.nextInt(2) : this.random.nextInt(body.length + 1);
			at = Math.min(at, body.length);
			byte[] next = new byte[body.length + bad.length];
			System.arraycopy(body, 0, next, 0, at);
			System.arraycopy(bad, 0, next, at, bad.length);
			System.arraycopy(body, at, next, at + bad.length, body.length - at);
			body = next;
		}
		return change(Category.INVALID_UTF8, body);
	}

	private FuzzRequest oddHeaders() {
		List<String> known = this.knownPostIds.get();
		String method = pick("POST", "POST", "PUT", "DELETE", "GET");
		String path = (method.equals("POST") || known.isEmpty()) ? "/api/posts" : "/api/posts/" + pick(known);
		if (method.equals("GET") && this.random.nextBoolean()) {
			path += "/status";
		}
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		headers.add(Map.entry("Authorization", authorization()));
		byte[] body = null;
		if (method.equals("POST") || method.equals("PUT")) {
			String contentType = pick(CONTENT_TYPES);
			headers.add(Map.entry("Content-Type", contentType));
			String json = JSON.writeValueAsString(validDraft());
			Charset charset = charsetOf(contentType);
			body = json.getBytes(this.random.nextBoolean() ? charset : StandardCharsets.UTF_8);
		}
		int extras = 1 + this.random.nextInt(4);
		for (int i = 0; i < extras; i++) {
			headers.add(switch (this.random.nextInt(7)) {
				case 0 -> Map.entry("Idempotency-Key", garbage());
				case 1 -> Map.entry("If-Match", pick("\"1\"", "W/\"1\"", "*", "\"2\", \"1\"", "1", "\"", ",,,", "",
						"\"-1\"", "\"99999999999999999999\"", "W/", garbage()));
				case 2 -> Map.entry("If-None-Match", pick("\"1\"", "*", "", garbage()));
				case 3 -> Map.entry("Accept", pick(ACCEPTS));
				case 4 -> Map.entry("traceparent", pick("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
						"ff-" + "0".repeat(32) + "-" + "0".repeat(16) + "-00", "", garbage()));
				case 5 -> Map.entry("X-Junk-" + i, "j".repeat(pickInt(1, 8192, 65_536)));
				default -> Map.entry(pick("Accept-Charset", "Content-Encoding", "Accept-Language", "Origin", "Cookie",
						"X-Forwarded-For", "Forwarded", "X-HTTP-Method-Override"), garbage());
			});
		}
		return new FuzzRequest(Category.ODD_HEADERS, method, path, headers, body);
	}

	private Charset charsetOf(String contentType) {
		String lower = contentType.toLowerCase(java.util.Locale.ROOT);
		if (lower.contains("utf-16")) {
			return StandardCharsets.UTF_16;
		}
		if (lower.contains("utf-32")) {
			return Charset.forName("UTF-32");
		}
		if (lower.contains("iso-8859-1")) {
			return StandardCharsets.ISO_8859_1;
		}
		return StandardCharsets.UTF_8;
	}

	private String garbage() {
		return switch (this.random.nextInt(10)) {
			case 0 -> "";
			case 1 -> " ";
			case 2 -> UUID.randomUUID().toString();
			case 3 -> "k".repeat(pickInt(255, 256, 1000, 100_000));
			case 4 -> "key with spaces";
			case 5 -> "ключ-日本-🎉";
			case 6 -> "a\u0000b\u0007c\u007f";
			case 7 -> "\"quoted\", W/\"x\"";
			case 8 -> "../../etc/passwd";
			default -> "a\r\nX-Injected: yes";
		};
	}

	private String authorization() {
		if (this.random.nextInt(12) > 0) {
			return this.authorization;
		}
		return pick("", "Bearer", "Bearer ", "bearer " + this.authorization.substring(7),
				"Bearer   " + this.authorization.substring(7) + "  ", "Basic Zmlyc3Q6c2Vjb25k", "Bearer wrong",
				"Bearer " + "t".repeat(10_000), "Bearer tökén", "Bearer \u0000", "Token x");
	}

	private FuzzRequest methodsAndPaths() {
		String method = pick(METHODS);
		List<String> known = this.knownPostIds.get();
		StringBuilder path = new StringBuilder("/api/posts");
		int segments = pickInt(0, 1, 1, 1, 2, 2, 3);
		for (int i = 0; i < segments; i++) {
			path.append('/');
			path.append((i == 0 && !known.isEmpty() && this.random.nextInt(3) == 0) ? pick(known) : pick(SEGMENTS));
		}
		if (this.random.nextInt(3) == 0) {
			path.append('?').append(pick("author=maria-sanda", "author=", "author=X", "author=a&author=b",
					"author=maria-sanda&page=-1", "author=maria-sanda&page=abc", "author=maria-sanda&size=0",
					"author=maria-sanda&size=101", "author=maria-sanda&page=2147483647&size=100",
					"author=maria-sanda&page=99999999999", "author=%00", "author=%ff", "author=..%2f..", "page=1",
					"=&&=", "author", "%25"));
		}
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		headers.add(Map.entry("Authorization", authorization()));
		byte[] body = null;
		if (this.random.nextBoolean()) {
			headers.add(Map.entry("Content-Type", "application/json"));
			body = JSON.writeValueAsBytes(validDraft());
		}
		return new FuzzRequest(Category.METHODS_AND_PATHS, method, path.toString(), headers, body);
	}

	/** A POST or PUT (to a known post, when there is one) with the given body, well-formed otherwise. */
	private FuzzRequest change(Category category, byte[] body) {
		List<String> known = this.knownPostIds.get();
		boolean put = !known.isEmpty() && this.random.nextInt(3) == 0;
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		headers.add(Map.entry("Authorization", this.authorization));
		headers.add(Map.entry("Content-Type", "application/json"));
		if (this.random.nextInt(5) == 0) {
			headers.add(Map.entry("Idempotency-Key", UUID.randomUUID().toString()));
		}
		return new FuzzRequest(category, put ? "PUT" : "POST", put ? "/api/posts/" + pick(known) : "/api/posts",
				headers, body);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> nested(Map<String, Object> draft, String field) {
		Object value = draft.get(field);
		if (value instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		Map<String, Object> created = new LinkedHashMap<>();
		draft.put(field, created);
		return created;
	}

	private List<String> tags(int count, int length) {
		List<String> tags = new ArrayList<>(count);
		String tag = filler(length);
		for (int i = 0; i < count; i++) {
			tags.add(tag);
		}
		return tags;
	}

	/**
	 * Hostile words, but never blank as a whole: the first word always has a visible character, so that a "valid"
	 * draft stays valid (a blank title, name or body is rightly rejected).
	 */
	private String words(int count) {
		StringBuilder text = new StringBuilder();
		String first = pick(WORDS);
		while (first.trim().isEmpty()) { // blank as Bean Validation sees it: trim() drops every char <= U+0020
			first = pick(WORDS);
		}
		text.append(first);
		for (int i = 1; i < count; i++) {
			text.append(' ').append(pick(WORDS));
		}
		return text.toString();
	}

	private byte[] pickBytes(String... options) {
		return pick(options).getBytes(StandardCharsets.UTF_8);
	}

	@SafeVarargs
	private <T> T pick(T... options) {
		return options[this.random.nextInt(options.length)];
	}

	private <T> T pick(List<T> options) {
		return options.get(this.random.nextInt(options.size()));
	}

	private int pickInt(int... options) {
		return options[this.random.nextInt(options.length)];
	}

	private static String cut(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(Math.min(text.length(), 2000));
		for (int i = 0; i < text.length() && escaped.length() < 2000; i++) {
			char c = text.charAt(i);
			escaped.append((c < 0x20 || c == 0x7f) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
		}
		return escaped.toString();
	}

}
