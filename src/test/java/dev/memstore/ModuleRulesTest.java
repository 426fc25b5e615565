package dev.memstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spring Modulith's verification cannot see, because every public type of a module's
 * package is its API: a module's tables stay inside it, and controllers reach them only
 * through a service. Which module owns which table is read from the Persistence section
 * of {@code src/docs/architecture.md}, so that the page and the rule cannot drift apart.
 */
@Tag("fast")
class ModuleRulesTest {

	private static final Path ARCHITECTURE = Path.of("src/docs/architecture.md");

	private static final Path MODULES = Path.of("src/main/java/dev/memstore");

	private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

	/**
	 * A table named where SQL names tables: after {@code from}, {@code join},
	 * {@code into}, {@code update} or {@code table}.
	 */
	private static final Pattern TABLE_IN_SQL = Pattern
		.compile("(?i)\\b(?:from|join|into|update|table)\\s+(?:only\\s+)?([a-z_][a-z0-9_]*)\\b");

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackagesOf(MemstoreApplication.class);

	@Test
	void rowsAndRepositoriesAreNeverPublic() {
		ArchRule rows = classes().that()
			.haveSimpleNameEndingWith("Row")
			.should()
			.notBePublic()
			.because("a row is its module's table: other modules go through the module's service");
		ArchRule repositories = classes().that()
			.areAnnotatedWith(Repository.class)
			.or()
			.haveSimpleNameEndingWith("Repository")
			.should()
			.notBePublic()
			.because("a repository is its module's table: other modules go through the module's service");
		rows.check(MAIN);
		repositories.check(MAIN);
	}

	@Test
	void controllersReachTheDatabaseOnlyThroughServices() {
		noClasses().that()
			.areAnnotatedWith(RestController.class)
			.or()
			.areAnnotatedWith(Controller.class)
			.should()
			.dependOnClassesThat()
			.areAnnotatedWith(Repository.class)
			.orShould()
			.dependOnClassesThat()
			.areAssignableTo(JdbcClient.class)
			.orShould()
			.dependOnClassesThat()
			.areAssignableTo(JdbcTemplate.class)
			.orShould()
			.dependOnClassesThat()
			.areAssignableTo(DataSource.class)
			.because("transactions and the rules of the data live in services; a controller only translates HTTP")
			.check(MAIN);
	}

	@Test
	void theSqlOfAModuleNamesOnlyItsOwnTables() throws IOException {
		Map<String, String> owners = tableOwners();
		List<String> violations = new ArrayList<>();
		try (Stream<Path> files = Files.walk(MODULES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).sorted().toList()) {
				Path relative = MODULES.relativize(file);
				if (relative.getNameCount() < 2) {
					continue;
				}
				String module = relative.getName(0).toString();
				for (String table : tablesNamedInSql(Files.readString(file))) {
					String owner = owners.get(table);
					if (owner != null && !owner.equals(module)) {
						violations
							.add(relative.toString().replace('\\', '/') + " names " + table + ", a table of " + owner);
					}
				}
			}
		}
		assertThat(violations).as("SQL naming another module's table (owners: " + ARCHITECTURE + ", Persistence)")
			.isEmpty();
	}

	@Test
	void everyTableHasAnOwner() throws IOException {
		Map<String, String> owners = tableOwners();
		List<String> created = new ArrayList<>();
		Pattern createTable = Pattern
			.compile("(?i)\\bcreate\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
		try (Stream<Path> files = Files.list(MIGRATIONS)) {
			for (Path file : files.sorted().toList()) {
				Matcher matcher = createTable.matcher(Files.readString(file));
				while (matcher.find()) {
					created.add(matcher.group(1));
				}
			}
		}
		assertThat(created).isNotEmpty();
		assertThat(owners.keySet()).as("tables owned in " + ARCHITECTURE).containsAll(created);
	}

	/**
	 * Table to owning module, from the Persistence bullet that begins "Each table is
	 * owned by one module": {@code `a`, `b` (module); `c` (other)}.
	 */
	static Map<String, String> tableOwners() throws IOException {
		String page = Files.readString(ARCHITECTURE);
		int start = page.indexOf("- Each table is owned by one module");
		assertThat(start).as("the table owners in " + ARCHITECTURE).isNotNegative();
		int end = page.indexOf("\n- ", start + 1);
		String bullet = page.substring(start, (end > 0) ? end : page.length()).replaceAll("\\s+", " ");
		bullet = bullet.substring(bullet.indexOf(':') + 1);
		Map<String, String> owners = new LinkedHashMap<>();
		Matcher group = Pattern.compile("((?:`[a-z_]+`(?:, )?)+) \\(([a-z]+)\\)").matcher(bullet);
		while (group.find()) {
			Matcher table = Pattern.compile("`([a-z_]+)`").matcher(group.group(1));
			while (table.find()) {
				owners.put(table.group(1), group.group(2));
			}
		}
		assertThat(owners).as("the table owners in " + ARCHITECTURE).isNotEmpty();
		return owners;
	}

	/**
	 * The tables a source file names in SQL: in its string literals and text blocks,
	 * never in comments.
	 */
	static TreeSet<String> tablesNamedInSql(String source) {
		TreeSet<String> tables = new TreeSet<>();
		for (String literal : literals(source)) {
			Matcher matcher = TABLE_IN_SQL.matcher(literal);
			while (matcher.find()) {
				tables.add(matcher.group(1).toLowerCase(Locale.ROOT));
			}
		}
		return tables;
	}

	private static List<String> literals(String source) {
		List<String> literals = new ArrayList<>();
		int i = 0;
		int length = source.length();
		while (i < length) {
			char c = source.charAt(i);
			if (source.startsWith("//", i)) {
				int end = source.indexOf('\n', i);
				i = (end < 0) ? length : end + 1;
			}
			else if (source.startsWith("/*", i)) {
				int end = source.indexOf("*/", i + 2);
				i = (end < 0) ? length : end + 2;
			}
			else if (source.startsWith("\"\"\"", i)) {
				int end = source.indexOf("\"\"\"", i + 3);
				while (end > 0 && source.charAt(end - 1) == '\\') {
					end = source.indexOf("\"\"\"", end + 1);
				}
				end = (end < 0) ? length : end;
				literals.add(source.substring(i + 3, end));
				i = end + 3;
			}
			else if (c == '"' || c == '\'') {
				StringBuilder literal = new StringBuilder();
				int j = i + 1;
				while (j < length && source.charAt(j) != c && source.charAt(j) != '\n') {
					if (source.charAt(j) == '\\' && j + 1 < length) {
						j++;
					}
					literal.append(source.charAt(j));
					j++;
				}
				if (c == '"') {
					literals.add(literal.toString());
				}
				i = j + 1;
			}
			else {
				i++;
			}
		}
		return literals;
	}

}
