package dev.memstore.admin;

import dev.memstore.agent.Environment;
import dev.memstore.agent.EnvironmentConfig;
import dev.memstore.agent.EnvironmentService;
import dev.memstore.kernel.ApiException;
import dev.memstore.selfhosted.EnvironmentKey;
import dev.memstore.selfhosted.SelfHostedService;
import dev.memstore.workspace.WorkspaceService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An environment's page. A self-hosted one also shows what its workers do, through the
 * service the operator API and the work queue use: its environment keys (a new key's
 * secret shown once, revoking one), the workers that polled it, and its work items with
 * the worker that took each and the lease it holds.
 */
@Controller
@RequestMapping(AdminSecurityConfiguration.ROOT + "/workspaces/{workspaceId}/environments/{environmentId}")
class AdminEnvironmentController {

	private final WorkspaceService workspaces;

	private final EnvironmentService environments;

	private final SelfHostedService selfHosted;

	AdminEnvironmentController(WorkspaceService workspaces, EnvironmentService environments,
			SelfHostedService selfHosted) {
		this.workspaces = workspaces;
		this.environments = environments;
		this.selfHosted = selfHosted;
	}

	@GetMapping
	String environment(@PathVariable String workspaceId, @PathVariable String environmentId, Model model) {
		model.addAttribute("workspaceId", workspaceId);
		model.addAttribute("workspace", this.workspaces.getWorkspace(workspaceId));
		model.addAttribute("section", "environments");
		Environment environment = this.environments.get(workspaceId, environmentId);
		model.addAttribute("environment", environment);
		boolean selfHostedEnvironment = environment.config() instanceof EnvironmentConfig.SelfHostedConfig;
		model.addAttribute("selfHosted", selfHostedEnvironment);
		if (selfHostedEnvironment) {
			model.addAttribute("keys", this.selfHosted.keysOf(workspaceId, environmentId));
			model.addAttribute("workers", this.selfHosted.workersOf(workspaceId, environmentId));
			model.addAttribute("items", this.selfHosted.itemsOf(workspaceId, environmentId));
		}
		return "admin/environment";
	}

	@PostMapping("/keys")
	String issueKey(@PathVariable String workspaceId, @PathVariable String environmentId,
			@RequestParam(required = false) String name, RedirectAttributes redirect) {
		try {
			EnvironmentKey key = this.selfHosted.issueKey(workspaceId, environmentId,
					(name == null || name.isBlank()) ? null : name.strip());
			redirect.addFlashAttribute("notice", "Issued the environment key " + key.id() + ".");
			redirect.addFlashAttribute("environmentKeySecret", key.secret());
		}
		catch (ApiException ex) {
			redirect.addFlashAttribute("refusal", ex.getMessage());
			redirect.addFlashAttribute("keyName", name);
		}
		return environmentPage(workspaceId, environmentId);
	}

	@PostMapping("/keys/{keyId}/revoke")
	String revokeKey(@PathVariable String workspaceId, @PathVariable String environmentId, @PathVariable String keyId,
			RedirectAttributes redirect) {
		try {
			EnvironmentKey key = this.selfHosted.revokeKey(workspaceId, environmentId, keyId);
			redirect.addFlashAttribute("notice", "Revoked " + describe(key)
					+ ": workers polling with it are refused from now on, on every instance.");
		}
		catch (ApiException ex) {
			redirect.addFlashAttribute("refusal", ex.getMessage());
		}
		return environmentPage(workspaceId, environmentId);
	}

	private static String describe(EnvironmentKey key) {
		return (key.name() == null || key.name().isEmpty()) ? "the key " + key.id()
				: "the key " + key.name() + " (" + key.id() + ")";
	}

	private static String environmentPage(String workspaceId, String environmentId) {
		return "redirect:" + AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/environments/"
				+ environmentId;
	}

}
