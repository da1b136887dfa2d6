package blog.pipeline.ingest.replay;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' replay command: {@code POST /ops/replay?rate=N} starts a full replay (409 while one runs),
 * {@code GET /ops/replay} shows its progress (done / total, posts per second, ETA), {@code DELETE /ops/replay} stops
 * it. {@code ./replay.sh} drives it from a shell.
 */
@RestController
@RequestMapping(ReplayController.PATH)
class ReplayController {

	static final String PATH = "/ops/replay";

	private final SiteReplay replay;

	private final ReplayProperties properties;

	ReplayController(SiteReplay replay, ReplayProperties properties) {
		this.replay = replay;
		this.properties = properties;
	}

	@PostMapping
	ResponseEntity<ReplayRun.Progress> start(@RequestParam(required = false) @Nullable Integer rate) {
		int postsPerSecond = (rate != null) ? rate : this.properties.rate();
		if (postsPerSecond < 1 || postsPerSecond > this.properties.maxRate()) {
			throw problem(HttpStatus.BAD_REQUEST, "Invalid rate",
					"rate must be between 1 and " + this.properties.maxRate() + " posts per second, was " + rate);
		}
		return ResponseEntity.accepted().location(URI.create(PATH)).body(this.replay.start(postsPerSecond));
	}

	@GetMapping
	ReplayRun.Progress progress() {
		return this.replay.progress()
			.orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "No replay", "No replay has run on this instance."));
	}

	@DeleteMapping
	ReplayRun.Progress cancel() {
		return this.replay.cancel()
			.orElseThrow(() -> problem(HttpStatus.CONFLICT, "No replay running", "No replay is running to stop."));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> running(ReplayRunningException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("A replay is running");
		problem.setProperty("replayId", ex.replayId());
		return ResponseEntity.status(HttpStatus.CONFLICT).location(URI.create(PATH)).body(problem);
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
	}

}
