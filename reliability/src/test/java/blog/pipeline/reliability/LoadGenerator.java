package blog.pipeline.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Editors at work: creates posts, updates some (a few move to another author or change title), withdraws others, from
 * several clients at once. Each client owns its posts, so the versions of one post are sent in order.
 */
final class LoadGenerator {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String[][] AUTHORS = { { "ada-lindqvist", "Ada Lindqvist" }, { "bruno-keller", "Bruno Keller" },
			{ "chiara-russo", "Chiara Russo" }, { "dmitri-volkov", "Dmitri Volkov" }, { "eun-ji-park", "Eun-ji Park" } };

	private final EditorClient editor;

	private final Oracle oracle;

	private final String run;

	final AtomicInteger created = new AtomicInteger();

	final AtomicInteger updated = new AtomicInteger();

	final AtomicInteger withdrawn = new AtomicInteger();

	LoadGenerator(EditorClient editor, Oracle oracle, String run) {
		this.editor = editor;
		this.oracle = oracle;
		this.run = run;
	}

	/** Runs {@code posts} creations with updates and withdrawals mixed in, on {@code clients} threads. */
	void run(int posts, int clients, long seed) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<?>> work = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			int client = c;
			work.add(pool.submit(() -> {
				Random random = new Random(seed + client);
				List<String[]> mine = new ArrayList<>();
				for (int i = client; i < posts; i += clients) {
					mine.add(create(i, random));
					if (random.nextInt(10) < 3) {
						update(mine.get(random.nextInt(mine.size())), random);
					}
					if (random.nextInt(10) == 0) {
						String[] victim = mine.remove(random.nextInt(mine.size()));
						withdraw(victim);
					}
				}
				return null;
			}));
		}
		for (Future<?> future : work) {
			future.get();
		}
		pool.shutdown();
	}

	private String[] create(int n, Random random) {
		String[] author = AUTHORS[random.nextInt(AUTHORS.length)];
		JsonNode answer = this.editor.send("POST", "posts", draft("Post " + n + " of run " + this.run, author));
		String postId = answer.get("postId").asString();
		this.oracle.accepted(new Oracle.Expected(postId, answer.get("version").asLong(), author[0],
				answer.get("slug").asString(), false));
		this.created.incrementAndGet();
		return new String[] { postId, author[0], author[1], "Post " + n + " of run " + this.run };
	}

	private void update(String[] post, Random random) {
		if (random.nextInt(4) == 0) {
			String[] author = AUTHORS[random.nextInt(AUTHORS.length)];
			post[1] = author[0];
			post[2] = author[1];
		}
		JsonNode answer = this.editor.send("PUT", "posts/" + post[0], draft(post[3], new String[] { post[1], post[2] }));
		this.oracle.accepted(new Oracle.Expected(post[0], answer.get("version").asLong(), post[1],
				answer.get("slug").asString(), false));
		this.updated.incrementAndGet();
	}

	private void withdraw(String[] post) {
		JsonNode answer = this.editor.send("DELETE", "posts/" + post[0], null);
		Oracle.Expected before = this.oracle.get(post[0]);
		this.oracle.accepted(new Oracle.Expected(post[0], answer.get("version").asLong(), before.authorId(),
				before.slug(), true));
		this.withdrawn.incrementAndGet();
	}

	/** Waits until {@code share} of the posts are created, so faults land during the load, not before or after. */
	void awaitProgress(int posts, double share) {
		while (this.created.get() < posts * share) {
			EditorClient.sleep(50);
		}
	}

	/** A seed fixed by the run's name, so a failing run can be replayed. */
	long seed() {
		return this.run.hashCode();
	}

	String describe() {
		return this.created.get() + " posts, " + this.updated.get() + " updates, " + this.withdrawn.get()
				+ " withdrawals";
	}

	private static String draft(String title, String[] author) {
		ObjectNode draft = JSON.createObjectNode();
		draft.put("title", title);
		draft.putObject("author").put("id", author[0]).put("name", author[1]);
		draft.put("bodyMarkdown", "A teaser for " + title + ".\n\n<!--more-->\n\nThe rest of " + title + ".");
		draft.putArray("tags").add("reliability");
		draft.putObject("coverImage").put("url", "https://img.example.org/cover.jpg").put("alt", "a cover");
		return JSON.writeValueAsString(draft);
	}

}
