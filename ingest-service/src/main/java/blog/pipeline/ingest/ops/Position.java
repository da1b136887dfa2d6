package blog.pipeline.ingest.ops;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a record sits: topic, partition, offset; names a dead letter. In JSON: {@code topic/partition/offset}. */
record Position(String topic, int partition, long offset) {

	/** The key under which the re-drive log remembers this position, as in the re-drive path. */
	@JsonValue
	String key() {
		return this.topic + "/" + this.partition + "/" + this.offset;
	}

	@Override
	public String toString() {
		return key();
	}

}
