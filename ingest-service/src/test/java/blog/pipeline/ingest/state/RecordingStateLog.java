package blog.pipeline.ingest.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import blog.pipeline.events.PostEvent;
import blog.pipeline.ingest.system.IngestProperties;
import org.jspecify.annotations.Nullable;

/** A {@link StateLog} for web-layer tests: records what would be committed instead of talking to Kafka. */
public class RecordingStateLog extends StateLog {

	private final List<PostEvent> events = new ArrayList<>();

	private final List<StateEntry> entries = new ArrayList<>();

	private final AtomicLong offsets = new AtomicLong();

	private final PostStateStore store;

	private boolean unavailable;

	public RecordingStateLog(PostStateStore store, IngestProperties properties) {
		super(null, store, properties);
		this.store = store;
	}

	/** Forgets what was committed and every state, and makes Kafka available again. */
	public synchronized void reset() {
		this.events.clear();
		this.entries.clear();
		this.unavailable = false;
		this.store.clear();
	}

	@Override
	protected synchronized List<Long> send(String postId, @Nullable PostEvent event, List<StateEntry> entries) {
		if (this.unavailable) {
			throw new PostNotStoredException(postId, new org.apache.kafka.common.errors.TimeoutException("no ack"));
		}
		if (event != null) {
			this.events.add(event);
		}
		this.entries.addAll(entries);
		return entries.stream().map((entry) -> this.offsets.incrementAndGet()).toList();
	}

	/** Every event committed so far, in order. */
	public synchronized List<PostEvent> events() {
		return List.copyOf(this.events);
	}

	public synchronized List<StateEntry> entries() {
		return List.copyOf(this.entries);
	}

	/** Makes every later commit fail as if Kafka did not answer. */
	public synchronized void becomeUnavailable() {
		this.unavailable = true;
	}

}
