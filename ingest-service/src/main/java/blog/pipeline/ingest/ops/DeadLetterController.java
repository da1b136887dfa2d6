package blog.pipeline.ingest.ops;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators list the dead letters of every stage and send them back to their topic once the fault is fixed. */
@RestController
@RequestMapping("/ops/dead-letters")
class DeadLetterController {

	private final Redriver redriver;

	DeadLetterController(Redriver redriver) {
		this.redriver = redriver;
	}

	/** The dead letters not re-driven yet, optionally of one topic (the dead-letter topic or the original one). */
	@GetMapping
	List<DeadLetter> list(@RequestParam(required = false) @Nullable String topic) {
		return this.redriver.pending(topic);
	}

	/** Sends one dead letter back to its original topic; a second call for it answers 409. */
	@PostMapping("/{topic}/{partition}/{offset}/redrive")
	Redrive redrive(@PathVariable String topic, @PathVariable int partition, @PathVariable long offset) {
		return this.redriver.redrive(new Position(topic, partition, offset));
	}

	/** Sends every pending dead letter (of one topic, if given) back to its original topic. */
	@PostMapping("/redrive")
	List<Redrive> redriveAll(@RequestParam(required = false) @Nullable String topic) {
		return this.redriver.redriveAll(topic);
	}

}
