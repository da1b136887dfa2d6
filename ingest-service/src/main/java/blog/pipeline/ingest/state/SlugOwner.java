package blog.pipeline.ingest.state;

/**
 * The post that holds a slug, under key {@code slug:<slug>}; a tombstone releases the slug.
 */
public record SlugOwner(String postId) implements StateRecord {

}
