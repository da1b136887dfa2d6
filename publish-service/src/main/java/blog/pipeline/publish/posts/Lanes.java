package blog.pipeline.publish.posts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a batch into lanes that can be applied concurrently: two items that share a key (a post id, a slug) land in
 * the same lane, directly or through a chain of items, and keep their batch order in it; items of different lanes
 * share no key, so they write different objects and read different catalog entries.
 */
final class Lanes {

	private Lanes() {
	}

	/**
	 * The lanes of items {@code 0..keys.size()-1}, where {@code keys.get(i)} are the keys item {@code i} reads or
	 * writes; each lane lists its items in increasing order, lanes in the order of their first item.
	 */
	static List<List<Integer>> of(List<? extends Collection<String>> keys) {
		int[] parent = new int[keys.size()];
		Map<String, Integer> owner = new HashMap<>();
		for (int item = 0; item < keys.size(); item++) {
			parent[item] = item;
			for (String key : keys.get(item)) {
				Integer other = owner.putIfAbsent(key, item);
				if (other != null) {
					union(parent, other, item);
				}
			}
		}
		Map<Integer, List<Integer>> lanes = new LinkedHashMap<>();
		for (int item = 0; item < keys.size(); item++) {
			lanes.computeIfAbsent(root(parent, item), (root) -> new ArrayList<>()).add(item);
		}
		return List.copyOf(lanes.values());
	}

	private static void union(int[] parent, int a, int b) {
		int rootA = root(parent, a);
		int rootB = root(parent, b);
		if (rootA != rootB) {
			parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
		}
	}

	private static int root(int[] parent, int item) {
		int root = item;
		while (parent[root] != root) {
			root = parent[root];
		}
		while (parent[item] != root) {
			int next = parent[item];
			parent[item] = root;
			item = next;
		}
		return root;
	}

}
