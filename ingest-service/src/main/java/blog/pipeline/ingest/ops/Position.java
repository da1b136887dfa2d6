package blog.pipeline.ingest.ops;

/** Where a record sits: topic, partition, offset; names a dead letter. */
record Position(String topic, int partition, long offset) {

	/** The key under which the re-drive log remembers this position. */
	String key() {
		return this.topic + "/" + this.partition + "/" + this.offset;
	}

	@Override
	public String toString() {
		return key();
	}

}
