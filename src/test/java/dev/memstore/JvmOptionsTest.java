package dev.memstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM options of memstore's documented launch are written in the pom; the Docker
 * image and the documented commands must repeat them, or users would run memstore with
 * other options than the ones measured.
 */
class JvmOptionsTest {

	@Test
	void theDockerImageAndTheDocumentedCommandsUseThePomsJvmOptions() throws IOException {
		String options = pomJvmOptions();
		assertThat(options).isNotBlank();

		String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile"));
		assertThat(lines(dockerfile, "ENV JAVA_OPTS=")).singleElement().asString().contains(options);
		assertThat(lines(dockerfile, "ArchiveClassesAtExit")).singleElement().asString().contains(options);

		String configuration = Files.readString(Path.of("src/docs/configuration.md"));
		List<String> launches = lines(configuration, "java -").stream()
			.filter((line) -> !line.contains("-Djarmode=tools"))
			.toList();
		assertThat(launches).hasSizeGreaterThanOrEqualTo(3).allSatisfy((line) -> assertThat(line).contains(options));
	}

	private static String pomJvmOptions() throws IOException {
		Matcher property = Pattern.compile("<memstore.jvm-options>(.*?)</memstore.jvm-options>")
			.matcher(Files.readString(Path.of("pom.xml")));
		assertThat(property.find()).as("pom.xml declares memstore.jvm-options").isTrue();
		return property.group(1).trim();
	}

	private static List<String> lines(String text, String containing) {
		return text.lines().filter((line) -> line.contains(containing)).toList();
	}

}
