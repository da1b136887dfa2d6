package blog.pipeline.events;

/** The contract's schema version. Consumers reject records of a newer major version they cannot understand. */
public final class SchemaVersion {

	public static final int CURRENT = 1;

	private SchemaVersion() {
	}

	/** Whether a consumer built on this contract can read an event written with {@code version}. */
	public static boolean isSupported(int version) {
		return version >= 1 && version <= CURRENT;
	}

}
