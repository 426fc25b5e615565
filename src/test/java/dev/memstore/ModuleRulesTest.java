package dev.memstore;

import javax.sql.DataSource;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * What Spring Modulith's verification cannot see, because every public type of a module's
 * package is its API: a module's tables stay inside it, and controllers reach them only
 * through a service.
 */
@Tag("fast")
class ModuleRulesTest {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackagesOf(MemstoreApplication.class);

	@Test
	void entitiesAndRepositoriesAreNeverPublic() {
		ArchRule entities = classes().that()
			.areAnnotatedWith(Entity.class)
			.should()
			.notBePublic()
			.because("an entity is its module's table: other modules go through the module's service");
		ArchRule repositories = classes().that()
			.areAnnotatedWith(Repository.class)
			.or()
			.areAssignableTo(org.springframework.data.repository.Repository.class)
			.or()
			.haveSimpleNameEndingWith("Repository")
			.should()
			.notBePublic()
			.because("a repository is its module's table: other modules go through the module's service");
		entities.check(MAIN);
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
			.areAssignableTo(org.springframework.data.repository.Repository.class)
			.orShould()
			.dependOnClassesThat()
			.areAssignableTo(JdbcClient.class)
			.orShould()
			.dependOnClassesThat()
			.areAssignableTo(JdbcTemplate.class)
			.orShould()
			.dependOnClassesThat()
			.areAssignableTo(EntityManager.class)
			.orShould()
			.dependOnClassesThat()
			.areAssignableTo(DataSource.class)
			.because("transactions and the rules of the data live in services; a controller only translates HTTP")
			.check(MAIN);
	}

}
