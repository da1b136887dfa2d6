package blog.pipeline.publish.bucket;

import java.util.Map;

import blog.pipeline.events.SiteStylesheet;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.pages.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Uploads what every page needs before the listeners start: the content-hashed stylesheet (cached forever, a change
 * is a new key) and the {@code 404.html} page the CDN answers unknown and withdrawn paths with.
 */
@Component
class SiteAssets implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SiteAssets.class);

	private final Bucket bucket;

	private final PublishProperties properties;

	private volatile boolean running;

	SiteAssets(Bucket bucket, PublishProperties properties) {
		this.bucket = bucket;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.bucket.put(SiteStylesheet.key(), SiteStylesheet.css(), ContentKind.CSS, Map.of());
		this.bucket.put(SiteLayout.NOT_FOUND_KEY, Templates.compile("not-found")
			.execute(Map.of("siteTitle", this.properties.siteTitle(), "stylesheet", SiteStylesheet.url())),
				ContentKind.HTML, Map.of());
		log.info("Uploaded {} and {}", SiteStylesheet.key(), SiteLayout.NOT_FOUND_KEY);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// after the bucket exists, before the listener containers
		return AbstractMessageListenerContainer.DEFAULT_PHASE - 50;
	}

}
