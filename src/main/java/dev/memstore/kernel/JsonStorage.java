package dev.memstore.kernel;

import tools.jackson.databind.json.JsonMapper;

import org.hibernate.cfg.MappingSettings;
import org.hibernate.type.format.jackson.Jackson3JsonFormatMapper;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hibernate stores its JSON columns ({@code @JdbcTypeCode(SqlTypes.JSON)}) with the
 * application's {@link JsonMapper}, not with a mapper of its own making: an entity's
 * {@code jsonb} then reads and writes exactly as {@link JsonColumns} does for the
 * {@code JdbcClient} tables, with the same naming and the same strictness.
 */
@Configuration(proxyBeanMethods = false)
class JsonStorage {

	@Bean
	HibernatePropertiesCustomizer applicationJsonForHibernate(JsonMapper json) {
		return (properties) -> properties.put(MappingSettings.JSON_FORMAT_MAPPER, new Jackson3JsonFormatMapper(json));
	}

}
