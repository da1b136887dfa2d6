package blog.pipeline.publish.authorindex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import blog.pipeline.events.Author;
import blog.pipeline.events.CoverImage;
import blog.pipeline.publish.PublishProperties;
import blog.pipeline.publish.bucket.Bucket;
import blog.pipeline.publish.bucket.ParallelWrites;
import blog.pipeline.publish.bucket.S3Properties;
import blog.pipeline.publish.catalog.CatalogEntries;
import blog.pipeline.publish.catalog.CatalogEntry;
import blog.pipeline.publish.catalog.SharedEntries;
import blog.pipeline.publish.pages.AtomFeed;
import blog.pipeline.stack.FreePorts;
import blog.pipeline.stack.S3ProxyServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.util.FileSystemUtils;

/**
 * The cost of one author index update (a new version of one of the author's posts) at 10, 1,000 and 10,000 posts by
 * that author: {@code update} applies it to the author's shelf and writes the author page, the author feed and the
 * post's monthly archive page to a real S3Proxy, as the index writer does; {@code render} is the same without the
 * bucket. One post a day, so an archive month holds about 30 posts at any size. Bytes per update are logged at the
 * end of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuthorIndexUpdateBenchmark {

	private static final Logger log = LoggerFactory.getLogger(AuthorIndexUpdateBenchmark.class);

	private static final Author AUTHOR = new Author("bench-author", "Bench Author");

	@Param({ "10", "1000", "10000" })
	int posts;

	private final Random random = new Random(42);

	private final List<CatalogEntry> entries = new ArrayList<>();

	private final AuthorShelf shelf = new AuthorShelf(new SharedEntries());

	private Path data;

	private S3ProxyServer s3;

	private S3Client client;

	private SimpleMeterRegistry meters;

	private AuthorIndexWriter writer;

	private ParallelWrites writes;

	private AuthorIndexPage page;

	private AtomFeed feed;

	private long version = 1;

	private long updates;

	@Setup(Level.Trial)
	public void start() throws IOException {
		this.data = Files.createTempDirectory("publish-bench-s3");
		this.s3 = S3ProxyServer.start(this.data, FreePorts.next(), "bench", "bench-secret");
		this.client = S3Client.builder()
			.endpointOverride(this.s3.endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench-secret")))
			.build();
		this.client.createBucket((request) -> request.bucket("bench"));
		PublishProperties properties = CatalogEntries.properties();
		this.meters = new SimpleMeterRegistry();
		S3Properties s3Properties = new S3Properties(this.s3.endpoint(), "bench", "us-east-1", "bench",
				"bench-secret", false, 8);
		Bucket bucket = new Bucket(this.client, s3Properties, properties, this.meters);
		this.writes = new ParallelWrites(s3Properties);
		this.page = new AuthorIndexPage(properties);
		this.feed = new AtomFeed(properties);
		this.writer = new AuthorIndexWriter(null, this.page, this.feed, bucket, this.writes, null, properties,
				this.meters);
		Instant start = Instant.parse("2000-01-01T10:00:00Z");
		for (int i = 0; i < this.posts; i++) {
			CatalogEntry entry = entry(i, 1, start.plus(Duration.ofDays(i)));
			this.entries.add(entry);
			this.shelf.apply(new AuthorIndexChange(AUTHOR.id(), entry, true, true, null, List.of(), List.of()));
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		double bytes = this.meters.get("pipeline.publish.bucket.bytes").counter().count();
		double objects = this.meters.get("pipeline.publish.bucket.writes").counter().count();
		if (this.updates > 0 && objects > 0) {
			log.info("posts={} updates={} objects/update={} bytes/update={}", this.posts, this.updates,
					objects / this.updates, Math.round(bytes / this.updates));
		}
		this.writes.destroy();
		this.client.close();
		this.s3.close();
		FileSystemUtils.deleteRecursively(this.data.toFile());
	}

	@Benchmark
	public void update() {
		AuthorIndexChange change = nextChange();
		Set<YearMonth> months = this.shelf.apply(change);
		this.writer.writePages(AUTHOR.id(), this.shelf, months, this.shelf.monthListDirty(), change.entry());
		this.shelf.monthListWritten();
		this.updates++;
	}

	@Benchmark
	public void render(Blackhole blackhole) {
		AuthorIndexChange change = nextChange();
		Set<YearMonth> months = this.shelf.apply(change);
		blackhole.consume(this.page.renderLatest(this.shelf.author(AUTHOR), this.shelf.newest(10),
				this.shelf.recentMonths(12), this.shelf.monthCount() > 12));
		blackhole.consume(this.feed.render("All Posts By " + AUTHOR.name(), "/authors/bench-author/feed.xml",
				"/authors/bench-author/", this.shelf.newest(20)));
		for (YearMonth month : months) {
			blackhole.consume(this.page.renderMonth(this.shelf.author(AUTHOR), month, this.shelf.month(month)));
		}
	}

	/** A new version of a random post of the author, same date, so the post count stays the same. */
	private AuthorIndexChange nextChange() {
		int i = this.random.nextInt(this.entries.size());
		CatalogEntry entry = entry(i, ++this.version, this.entries.get(i).publishedAt());
		return new AuthorIndexChange(AUTHOR.id(), entry, true, true, null, List.of(), List.of());
	}

	private static CatalogEntry entry(int i, long version, Instant publishedAt) {
		return CatalogEntry.of(CatalogEntries.rendered("post-" + i, version, "post-number-" + i, AUTHOR,
				"Post number " + i + ", version " + version, publishedAt,
				new CoverImage("https://img.example/" + i + ".jpg", "cover of post " + i)));
	}

}
