package io.floatchat.common.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PathHygieneFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"/a/%00/b", "/a/\u0000/b", "/a/%2f/b", "/a/%2F/b", "/a/b%5cc", "/a\\b", "/a//b", "//a", "/a/./b",
            "/a/../b", "/a/%2e%2e/b", "/a/%2E./b", "/a/.%2e", "/a/%2e/b", "/.."})
    void pathsThatReadDifferentlyToDifferentParsersHaveAProblem(String path) {
        assertThat(PathHygieneFilter.problem(path)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/bot-api/v1.0/customer/10001/bot/0123abcd/users", "/a/b.c/d", "/a/...", "/a/.hidden",
            "/a/b%20c", "/a/%2e%2e%2e", "/q/health/ready", "/a/b/"})
    void plainPathsPass(String path) {
        assertThat(PathHygieneFilter.problem(path)).isNull();
    }
}
