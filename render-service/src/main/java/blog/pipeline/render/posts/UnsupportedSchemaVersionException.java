package blog.pipeline.render.posts;

import blog.pipeline.events.SchemaVersion;

/** An event was written with a schema version this service cannot read. */
public class UnsupportedSchemaVersionException extends RuntimeException {

	public UnsupportedSchemaVersionException(String postId, int schemaVersion) {
		super("Event for post '" + postId + "' has schema version " + schemaVersion
				+ ", this service reads versions 1 to " + SchemaVersion.CURRENT);
	}

}
