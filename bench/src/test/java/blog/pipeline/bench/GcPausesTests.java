package blog.pipeline.bench;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GcPausesTests {

	private static final String SERIAL = """
			# HELP jvm_gc_pause_seconds Time spent in GC pause
			# TYPE jvm_gc_pause_seconds summary
			jvm_gc_pause_seconds_count{action="end of major GC",application="publish-service",cause="Allocation Failure",gc="MarkSweepCompact"} 3
			jvm_gc_pause_seconds_sum{action="end of major GC",application="publish-service",cause="Allocation Failure",gc="MarkSweepCompact"} 1.25
			jvm_gc_pause_seconds_count{action="end of minor GC",application="publish-service",cause="Allocation Failure",gc="Copy"} 60
			jvm_gc_pause_seconds_sum{action="end of minor GC",application="publish-service",cause="Allocation Failure",gc="Copy"} 2.5
			jvm_gc_pause_seconds_count{action="end of major GC",application="publish-service",cause="System.gc()",gc="MarkSweepCompact"} 1
			jvm_gc_pause_seconds_sum{action="end of major GC",application="publish-service",cause="System.gc()",gc="MarkSweepCompact"} 0.5
			# HELP jvm_gc_pause_seconds_max Time spent in GC pause
			# TYPE jvm_gc_pause_seconds_max gauge
			jvm_gc_pause_seconds_max{action="end of minor GC",application="publish-service",cause="Allocation Failure",gc="Copy"} 0.07
			jvm_gc_memory_promoted_bytes_total{application="publish-service"} 1.0E8
			""";

	@Test
	void addsUpEveryCauseOfMinorAndOfMajorCollectionsAndIgnoresTheOtherSeries() {
		GcPauses.Totals totals = GcPauses.parse(SERIAL);

		assertThat(totals.minor()).isEqualTo(60);
		assertThat(totals.minorSeconds()).isCloseTo(2.5, within(1e-9));
		assertThat(totals.major()).isEqualTo(4);
		assertThat(totals.majorSeconds()).isCloseTo(1.75, within(1e-9));
	}

	@Test
	void aPhaseIsTheDifferenceOfTwoReadings() {
		GcPauses.Totals before = new GcPauses.Totals(50, 2.0, 3, 1.25);
		GcPauses.Totals after = GcPauses.parse(SERIAL);

		GcPauses.Totals phase = GcPauses.between(Map.of("publish-service", before), Map.of("publish-service", after))
			.get("publish-service");

		assertThat(phase.minor()).isEqualTo(10);
		assertThat(phase.minorSeconds()).isCloseTo(0.5, within(1e-9));
		assertThat(phase.major()).isEqualTo(1);
		assertThat(phase.majorSeconds()).isCloseTo(0.5, within(1e-9));
	}

	@Test
	void aServiceWithoutCollectionsYetHasNone() {
		assertThat(GcPauses.parse("# HELP jvm_threads_live_threads\njvm_threads_live_threads 42\n"))
			.isEqualTo(new GcPauses.Totals(0, 0, 0, 0));
	}

}
