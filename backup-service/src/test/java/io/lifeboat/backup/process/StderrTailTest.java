package io.lifeboat.backup.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The stderr of real child processes ({@code sh}) that print more than the kept limit. */
class StderrTailTest {

    private static final int LIMIT = 16 * 1024;
    /** About 60 KiB of progress lines on stderr. */
    private static final String NOISE = "i=0; while [ $i -lt 2000 ]; do echo \"progress line $i of a chatty program\""
            + " >&2; i=$((i+1)); done; ";

    @Test
    void whatAFailingProgramSaidLastIsKeptAfterMoreThanTheLimit() throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "echo 'starting' >&2; " + NOISE
                + "echo 'error: the reason it failed' >&2; exit 1").start();
        StderrTail tail = StderrTail.of("chatty", process, LIMIT);
        process.getInputStream().close();
        assertThat(process.waitFor()).isEqualTo(1);

        String text = tail.text();

        assertThat(text).endsWith("progress line 1999 of a chatty program\nerror: the reason it failed")
                .doesNotContain("starting").startsWith("progress line ");
        assertThat(text.length()).isLessThanOrEqualTo(LIMIT);
    }

    @Test
    void factsReportedFirstAndLastAreFoundHoweverMuchCameBetween() throws Exception {
        Pattern start = Pattern.compile("start point: (\\S+)");
        Pattern end = Pattern.compile("end point: (\\S+)");
        Process process = new ProcessBuilder("sh", "-c", "echo 'start point: 0/2000028' >&2; " + NOISE
                + "echo 'end point: 0/2000100' >&2; echo 'end point: 0/9999999' >&2").start();
        StderrTail tail = StderrTail.of("chatty", process, LIMIT, start, end);
        process.getInputStream().close();
        assertThat(process.waitFor()).isZero();

        assertThat(tail.fact(start)).map(m -> m.group(1)).contains("0/2000028");
        assertThat(tail.fact(end)).as("the first line that matched").map(MatchResult::group)
                .contains("end point: 0/2000100");
    }
}
