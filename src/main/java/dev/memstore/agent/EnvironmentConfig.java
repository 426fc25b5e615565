package dev.memstore.agent;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * The {@code config} of an environment, with every default filled in (see
 * {@link EnvironmentDefinition}): a record per kind, named on the wire by its
 * {@code type}, written first. As stored in {@code environments.config}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonPropertyOrder({ "type" })
@JsonSubTypes({ @JsonSubTypes.Type(EnvironmentConfig.CloudConfig.class),
		@JsonSubTypes.Type(EnvironmentConfig.SelfHostedConfig.class) })
public sealed interface EnvironmentConfig {

	/**
	 * The config's {@code type} on the wire, a property of every record.
	 */
	@JsonProperty("type")
	default String type() {
		return getClass().getAnnotation(JsonTypeName.class).value();
	}

	/**
	 * A container memstore describes: its network access and the packages it installs. A
	 * stored config that lacks either reads as their defaults: unrestricted, none.
	 */
	@JsonTypeName(EnvironmentDefinition.CLOUD)
	record CloudConfig(Networking networking, Packages packages,
			@JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) implements EnvironmentConfig {

		public CloudConfig {
			networking = (networking != null) ? networking : new Unrestricted(Map.of());
			packages = (packages != null) ? packages : new Packages(null, null, null, null, null, null, null, Map.of());
			otherFields = OtherFields.of(otherFields);
		}

	}

	/**
	 * An environment whose tools run on the caller's own workers.
	 */
	@JsonTypeName(EnvironmentDefinition.SELF_HOSTED)
	record SelfHostedConfig(
			@JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) implements EnvironmentConfig {

		public SelfHostedConfig {
			otherFields = OtherFields.of(otherFields);
		}

	}

	/**
	 * What a cloud container may reach.
	 */
	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
	@JsonPropertyOrder({ "type" })
	@JsonSubTypes({ @JsonSubTypes.Type(Unrestricted.class), @JsonSubTypes.Type(Limited.class) })
	sealed interface Networking {

		@JsonProperty("type")
		default String type() {
			return getClass().getAnnotation(JsonTypeName.class).value();
		}

	}

	@JsonTypeName("unrestricted")
	record Unrestricted(@JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) implements Networking {

		public Unrestricted {
			otherFields = OtherFields.of(otherFields);
		}

	}

	/**
	 * Only the hosts listed, and MCP servers and package managers if allowed.
	 */
	@JsonTypeName("limited")
	record Limited(List<String> allowedHosts, boolean allowMcpServers, boolean allowPackageManagers,
			@JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) implements Networking {

		public Limited {
			allowedHosts = List.copyOf(allowedHosts);
			otherFields = OtherFields.of(otherFields);
		}

	}

	/**
	 * The packages a cloud container installs, by package manager.
	 *
	 * @param type always {@code packages}
	 */
	record Packages(List<String> apt, List<String> cargo, List<String> gem, List<String> go, List<String> npm,
			List<String> pip, String type, @JsonAnyGetter @JsonAnySetter Map<String, Object> otherFields) {

		static final String TYPE = "packages";

		public Packages {
			apt = listOrEmpty(apt);
			cargo = listOrEmpty(cargo);
			gem = listOrEmpty(gem);
			go = listOrEmpty(go);
			npm = listOrEmpty(npm);
			pip = listOrEmpty(pip);
			type = (type != null) ? type : TYPE;
			otherFields = OtherFields.of(otherFields);
		}

		private static List<String> listOrEmpty(List<String> list) {
			return (list != null) ? List.copyOf(list) : List.of();
		}

	}

}
