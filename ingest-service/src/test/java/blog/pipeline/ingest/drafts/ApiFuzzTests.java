package blog.pipeline.ingest.drafts;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.charset.IllegalCharsetNameException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import blog.pipeline.ingest.fuzz.Problems;
import blog.pipeline.ingest.fuzz.RequestFuzzer;
import blog.pipeline.ingest.fuzz.RequestFuzzer.Category;
import blog.pipeline.ingest.fuzz.RequestFuzzer.FuzzRequest;
import blog.pipeline.ingest.state.RecordingStateLog;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzzing of the editors' API through its real web layer (filters, MVC, validation, problem handling):
 * over 10,000 generated hostile requests ({@link RequestFuzzer}), and for every one of them
 * <ul>
 * <li>never a 5xx (and no exception escapes the servlet);</li>
 * <li>every answer that is not 2xx is {@code application/problem+json} with its {@code status} and a {@code detail};</li>
 * <li>a rejected request produces no event and writes no state.</li>
 * </ul>
 * The seed is random per run and printed with any failure; {@code -Dfuzz.seed=<seed>} replays a run and
 * {@code -Dfuzz.scale=<factor>} sends more (or fewer) requests.
 */
@DraftApiSlice
class ApiFuzzTests {

	private static final Logger log = LoggerFactory.getLogger(ApiFuzzTests.class);

	private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());

	private static final double SCALE = Double.parseDouble(System.getProperty("fuzz.scale", "1"));

	private static final Map<Category, Integer> REQUESTS = Map.of(Category.MALFORMED_JSON, 2200,
			Category.WRONG_TYPES, 2200, Category.HUGE_AND_EMPTY_VALUES, 1400, Category.INVALID_UTF8, 1600,
			Category.ODD_HEADERS, 2000, Category.METHODS_AND_PATHS, 1800);

	private static final int MAX_REPORTED = 8;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger sent = new AtomicInteger();

	private static final Set<Category> ran = EnumSet.noneOf(Category.class);

	@Autowired
	private MockMvc mvc;

	@Autowired
	private RecordingStateLog stateLog;

	@ParameterizedTest(name = "{0}")
	@EnumSource(Category.class)
	void neverAnswers5xxAnswersEveryErrorAsAProblemAndProducesNothingForARejectedRequest(Category category)
			throws Exception {
		this.stateLog.reset();
		RequestFuzzer fuzzer = new RequestFuzzer(SEED + category.ordinal(), "first-editor-token", List::of);
		List<String> known = createPosts(fuzzer, 3);
		fuzzer = new RequestFuzzer(SEED + category.ordinal(), "first-editor-token", () -> known);
		int requests = (int) Math.ceil(REQUESTS.get(category) * SCALE);
		List<String> violations = new ArrayList<>();
		int failed = 0;
		int accepted = 0;
		for (int i = 0; i < requests; i++) {
			FuzzRequest request = fuzzer.next(category);
			while (!mockMvcCanSend(request)) {
				// MockMvc's own filter decorator decodes the path with the request's charset and throws before any
				// application code runs; the real-server sample sends such requests.
				request = fuzzer.next(category);
			}
			Outcome outcome = exchange(request);
			if (outcome.violation() != null) {
				failed++;
				if (violations.size() < MAX_REPORTED) {
					violations.add("#" + i + " " + outcome.violation() + "\n  " + request.describe());
				}
			}
			else if (outcome.status() / 100 == 2) {
				accepted++;
			}
		}
		sent.addAndGet(requests);
		synchronized (ran) {
			ran.add(category);
		}
		log.info("Fuzzed {} with {} requests (seed {}): {} answered 2xx, {} broke a property", category, requests,
				SEED, accepted, failed);
		assertThat(violations).as("%d of %d %s requests broke a property (seed %d, replay with -Dfuzz.seed=%d)",
				failed, requests, category, SEED, SEED).isEmpty();
	}

	@AfterAll
	static void sentAtLeastTenThousandRequests() {
		synchronized (ran) {
			if (ran.size() == Category.values().length && SCALE >= 1) {
				assertThat(sent.get()).isGreaterThanOrEqualTo(10_000);
			}
		}
	}

	private List<String> createPosts(RequestFuzzer fuzzer, int count) throws Exception {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Map<String, Object> draft = fuzzer.validDraft();
			draft.put("slug", "fuzz-target-" + i);
			draft.remove("publishAt");
			MockHttpServletResponse response = this.mvc
				.perform(MockMvcRequestBuilders.post("/api/posts")
					.header("Authorization", "Bearer first-editor-token")
					.contentType(MediaType.APPLICATION_JSON)
					.content(JSON.writeValueAsBytes(draft)))
				.andReturn()
				.getResponse();
			assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(202);
			ids.add(JSON.readTree(response.getContentAsByteArray()).get("postId").asString());
		}
		return ids;
	}

	private Outcome exchange(FuzzRequest request) {
		MockHttpServletRequestBuilder builder = MockMvcRequestBuilders
			.request(HttpMethod.valueOf(request.method()), URI.create("http://localhost" + request.path()));
		for (Map.Entry<String, String> header : request.headers()) {
			builder.header(header.getKey(), header.getValue());
		}
		if (request.body() != null) {
			builder.content(request.body());
		}
		int events = this.stateLog.events().size();
		int entries = this.stateLog.entries().size();
		MockHttpServletResponse response;
		try {
			response = this.mvc.perform(builder).andReturn().getResponse();
		}
		catch (Exception ex) {
			return new Outcome(500, "escaped the servlet: " + ex + where(ex));
		}
		int status = response.getStatus();
		String body = new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
		if (status >= 500) {
			return new Outcome(status, "answered " + status + ": " + Problems.cut(body));
		}
		if (status / 100 == 2) {
			boolean invalidUtf8 = request.category() == Category.INVALID_UTF8 && !isUtf8(request.body());
			return new Outcome(status, invalidUtf8 ? "accepted a body that is not valid UTF-8" : null);
		}
		if (this.stateLog.events().size() != events || this.stateLog.entries().size() != entries) {
			return new Outcome(status, "rejected with " + status + " but produced an event or state");
		}
		if (status == 304 || request.method().equals("HEAD")) {
			return new Outcome(status, null);
		}
		return new Outcome(status, Problems.violation(status, response.getContentType(), body));
	}

	private static boolean isUtf8(byte @Nullable [] body) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap((body != null) ? body : new byte[0]));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private static boolean mockMvcCanSend(FuzzRequest request) {
		String contentType = request.header("Content-Type");
		int charset = (contentType != null) ? contentType.toLowerCase(Locale.ROOT).indexOf("charset=") : -1;
		if (charset < 0) {
			return true;
		}
		String name = contentType.substring(charset + 8).replace("\"", "").split(";")[0].strip();
		try {
			Charset.isSupported(name);
			return true;
		}
		catch (IllegalCharsetNameException ex) {
			return false;
		}
	}

	private static String where(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		StringBuilder frames = new StringBuilder();
		StackTraceElement[] stack = root.getStackTrace();
		for (int i = 0; i < Math.min(12, stack.length); i++) {
			frames.append("\n    at ").append(stack[i]);
		}
		return frames.toString();
	}


	private record Outcome(int status, @Nullable String violation) {

	}

}
