package blog.pipeline.publish.site;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import blog.pipeline.events.Topics;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.authorindex.IndexSendException;
import blog.pipeline.publish.catalog.SharedEntries;
import blog.pipeline.publish.changelog.ChangelogReader;
import blog.pipeline.publish.changelog.PartitionedState;

import blog.pipeline.publish.tracing.Traced;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The site index topic ({@link Topics#PUBLISH_SITE_INDEX}, one partition, so one consumer in the group writes the
 * site-wide pages): sends changes to it and holds the {@link SiteShelf} read back from it.
 */
@Component
public class SiteIndex {

	private final KafkaTemplate<String, Object> kafka;

	private final Duration sendTimeout;

	private final PartitionedState<SiteShelf> partitions;

	SiteIndex(KafkaTemplate<String, Object> kafka, PublishProperties properties, ChangelogReader reader,
			SharedEntries shared) {
		this.kafka = kafka;
		this.sendTimeout = properties.sendTimeout();
		this.partitions = new PartitionedState<>((partition) -> {
			SiteShelf shelf = new SiteShelf(properties.sitemapParts(), shared);
			reader.read(Topics.PUBLISH_SITE_INDEX, partition, SiteChange.class, (key, change) -> {
				if (change != null) {
					shelf.apply(change);
				}
			});
			return shelf;
		});
	}

	/** Loads and forgets the shelf as the site index partition comes and goes. */
	public PartitionedState<?> rebalanceListener() {
		return this.partitions;
	}

	SiteShelf shelf(int partition) {
		return this.partitions.of(partition);
	}

	/** The shelf of {@code partition} if this instance loaded it, without loading it; from any thread. */
	@Nullable SiteShelf loadedShelf(int partition) {
		return this.partitions.loaded(partition);
	}

	/**
	 * Sends the changes, each in the trace of the record it came from, and waits until Kafka has them all.
	 * @throws IndexSendException if Kafka does not acknowledge them in time
	 */
	public void send(List<Traced<SiteChange>> changes) {
		if (changes.isEmpty()) {
			return;
		}
		List<java.util.concurrent.CompletableFuture<?>> sends = new ArrayList<>(changes.size());
		for (Traced<SiteChange> change : changes) {
			sends.add(change.inScope(() -> this.kafka.send(Topics.PUBLISH_SITE_INDEX, 0,
					change.value().entry().postId(), change.value())));
		}
		IndexSendException.await(sends, this.sendTimeout, Topics.PUBLISH_SITE_INDEX);
	}

}
