package blog.pipeline.ingest.state;

import java.util.List;

/** The transactions of the {@link StateLog}'s writer: Kafka in the service, a recording in web-layer tests. */
interface StateTransactions {

	/**
	 * Makes this instance the state writer, fencing any other, and returns once the store holds every record
	 * committed before; only then may changes be decided.
	 * @throws PostNotStoredException if Kafka did not let this instance take over in time
	 */
	void takeOver();

	/**
	 * Writes the records in one transaction and waits for its commit.
	 * @return the offset of each record, in order
	 * @throws WriterFencedException if another instance took over meanwhile (nothing was stored)
	 * @throws PostNotStoredException if Kafka did not commit in time
	 */
	List<Long> commit(List<StateWrite> writes);

	/** The largest serialized record, and the most bytes one transaction carries (several small records). */
	int maxBatchBytes();

	void close();

}
