package blog.pipeline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

/** The raw libraries and servers the pipeline is compared with, on the same machine in the same run. */
final class Baselines {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Baselines() {
	}

	/** Records per second that a bare idempotent producer with {@code acks=all} writes for the corpus's record sizes. */
	static double kafkaProduceRate(String bootstrap, List<String> drafts, int partitions) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
			admin.createTopics(List.of(new NewTopic("bench.raw", partitions, (short) 1))).all().get();
		}
		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
				new ByteArraySerializer())) {
			// one acknowledged record first, so leader election of the new topic is not timed
			producer.send(new ProducerRecord<>("bench.raw", "warm-up", new byte[0])).get();
			long start = System.nanoTime();
			List<Future<?>> sends = new ArrayList<>();
			for (String draft : drafts) {
				sends.add(producer.send(new ProducerRecord<>("bench.raw", UUID.randomUUID().toString(),
						draft.getBytes(StandardCharsets.UTF_8))));
			}
			for (Future<?> send : sends) {
				send.get();
			}
			return drafts.size() / seconds(start);
		}
	}

	/** Records per second that a bare consumer reads back from the produce baseline's topic. */
	static double kafkaConsumeRate(String bootstrap, int expected, int partitions) {
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> all = new ArrayList<>();
			for (int p = 0; p < partitions; p++) {
				all.add(new TopicPartition("bench.raw", p));
			}
			consumer.assign(all);
			consumer.seekToBeginning(all);
			long start = System.nanoTime();
			int read = 0;
			while (read < expected + 1) {
				if (seconds(start) > 300) {
					throw new IllegalStateException("Read only " + read + " of " + (expected + 1) + " records");
				}
				read += consumer.poll(Duration.ofMillis(200)).count();
			}
			return read / seconds(start);
		}
	}

	/** PUTs per second of {@code count} objects of {@code size} bytes with {@code threads} concurrent callers. */
	static double s3PutRate(S3Client s3, String bucket, int count, int size, int threads) throws Exception {
		byte[] body = "x".repeat(size).getBytes(StandardCharsets.UTF_8);
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long start = System.nanoTime();
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			workers.add(pool.submit(() -> {
				for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
					int n = i;
					s3.putObject((r) -> r.bucket(bucket)
						.key("raw/" + threads + "/" + n + "/index.html")
						.contentType("text/html; charset=utf-8")
						.cacheControl("public, max-age=60"), RequestBody.fromBytes(body));
				}
			}));
		}
		for (Future<?> worker : workers) {
			worker.get();
		}
		double rate = count / seconds(start);
		pool.shutdown();
		pool.awaitTermination(10, TimeUnit.SECONDS);
		return rate;
	}

	/** Posts per second that bare commonmark-java parses and renders (best of three passes, one thread). */
	static double commonmarkRate(List<String> drafts) {
		Parser parser = Parser.builder().build();
		HtmlRenderer renderer = HtmlRenderer.builder().build();
		List<String> bodies = drafts.stream().map((d) -> JSON.readTree(d).get("bodyMarkdown").asString()).toList();
		double best = 0;
		for (int pass = 0; pass < 3; pass++) {
			long start = System.nanoTime();
			long chars = 0;
			for (String body : bodies) {
				chars += renderer.render(parser.parse(body)).length();
			}
			if (chars == 0) {
				throw new IllegalStateException("commonmark rendered nothing");
			}
			best = Math.max(best, bodies.size() / seconds(start));
		}
		return best;
	}

	/** Hugo's build of the same corpus, its deploy to the same S3 server, and one edit rebuilt and deployed. */
	record Hugo(double buildSeconds, double deploySeconds, double editSeconds, String version) {

		/** Fails with what to do if the {@code hugo} command is missing. */
		static void requireInstalled() throws InterruptedException {
			try {
				run(Path.of("."), Map.of(), "hugo", "version");
			}
			catch (IOException ex) {
				throw new IllegalStateException("Hugo is measured as a baseline but the hugo command does not run ("
						+ ex.getMessage() + "): install it (apt-get install hugo) or set BENCH_HUGO=false", ex);
			}
		}

		static Hugo measure(Path site, String s3Endpoint, String accessKey, String secretKey, String bucket)
				throws IOException, InterruptedException {
			Path config = site.resolve("hugo.toml");
			Files.writeString(config, Files.readString(config) + "\n[deployment]\n[[deployment.targets]]\n"
					+ "name = \"bench\"\nURL = \"s3://" + bucket + "?endpoint=" + s3Endpoint
					+ "&s3ForcePathStyle=true&region=us-east-1&disableSSL=true\"\n");
			Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey,
					"AWS_REGION", "us-east-1");
			String version = run(site, env, "hugo", "version").trim();
			long start = System.nanoTime();
			run(site, env, "hugo", "--quiet");
			double build = seconds(start);
			start = System.nanoTime();
			run(site, env, "hugo", "deploy", "--target", "bench", "--maxDeletes", "-1", "--workers", "8");
			double deploy = seconds(start);
			Path post = Files.list(site.resolve("content/posts")).sorted().findFirst().orElseThrow();
			Files.writeString(post, Files.readString(post) + "\n\nAn edit for the benchmark.\n");
			start = System.nanoTime();
			run(site, env, "hugo", "--quiet");
			run(site, env, "hugo", "deploy", "--target", "bench", "--maxDeletes", "-1", "--workers", "8");
			double edit = seconds(start);
			return new Hugo(build, deploy, edit, version);
		}

	}

	static String run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
		builder.environment().putAll(env);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IOException(String.join(" ", command) + " failed: " + output);
		}
		return output;
	}

	static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

}
