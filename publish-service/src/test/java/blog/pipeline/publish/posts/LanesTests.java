package blog.pipeline.publish.posts;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanesTests {

	@Test
	void itemsThatShareNoKeyGetALaneEach() {
		assertThat(Lanes.of(List.of(Set.of("post:a", "slug:a"), Set.of("post:b", "slug:b"), Set.of("post:c"))))
			.containsExactly(List.of(0), List.of(1), List.of(2));
	}

	@Test
	void versionsOfOnePostShareALaneInBatchOrder() {
		assertThat(Lanes.of(List.of(Set.of("post:a", "slug:a1"), Set.of("post:b"), Set.of("post:a", "slug:a2"))))
			.containsExactly(List.of(0, 2), List.of(1));
	}

	@Test
	void postsChainedBySlugsShareALane() {
		// a leaves slug x for y; b takes x; c takes y from nobody: a, b and c touch overlapping objects
		assertThat(Lanes.of(List.of(Set.of("post:c", "slug:y"), Set.of("post:b", "slug:x"),
				Set.of("post:a", "slug:x", "slug:y"), Set.of("post:d", "slug:d"))))
			.containsExactly(List.of(0, 1, 2), List.of(3));
	}

	@Test
	void anEmptyBatchHasNoLanes() {
		assertThat(Lanes.of(List.of())).isEmpty();
	}

}
