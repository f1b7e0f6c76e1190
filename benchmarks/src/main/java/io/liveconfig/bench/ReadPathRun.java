package io.liveconfig.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH read-path benchmark in a forked JVM, shorter than its defaults, and tabulates it. */
public final class ReadPathRun {

    /**
     * One JMH figure.
     *
     * @param allocation bytes allocated per operation ({@code -prof gc}); NaN if not measured
     */
    public record Score(double nanos, double error, double allocation) {
    }

    /** Scores by key count, then by benchmark method name. */
    public static Map<Integer, Map<String, Score>> run(int warmUps, int iterations) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(ReadPathBenchmark.class.getName().replace(".", "\\.") + "\\.")
                .warmupIterations(warmUps).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
                .forks(1).addProfiler(GCProfiler.class).build()).run();
        Map<Integer, Map<String, Score>> scores = new TreeMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            int keys = Integer.parseInt(result.getParams().getParam("keys"));
            Result<?> primary = result.getPrimaryResult();
            double allocation = Double.NaN;
            for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
                if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                    allocation = secondary.getValue().getScore();
                }
            }
            scores.computeIfAbsent(keys, k -> new TreeMap<>()).put(method,
                    new Score(primary.getScore(), primary.getScoreError(), allocation));
        }
        return scores;
    }
}
