package blog.pipeline.publish.posts;

import blog.pipeline.events.SchemaVersion;

/** An event written with a schema version this build of the contract cannot read. */
public class UnsupportedSchemaVersionException extends InvalidPostEventException {

	UnsupportedSchemaVersionException(int schemaVersion) {
		super("Schema version " + schemaVersion + " is not supported (this service reads 1 to " + SchemaVersion.CURRENT
				+ ")");
	}

}
