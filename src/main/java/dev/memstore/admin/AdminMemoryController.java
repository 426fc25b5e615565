package dev.memstore.admin;

import java.security.Principal;
import java.util.List;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.PageParams;
import dev.memstore.memory.Memory;
import dev.memstore.memory.MemoryService;
import dev.memstore.memory.MemoryUpdateRequest;
import dev.memstore.memory.MemoryVersion;
import dev.memstore.memory.MemoryVersionQuery;
import dev.memstore.memory.MemoryVersionService;
import dev.memstore.memory.MemoryView;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One memory on the admin page: its content and last writer, its history with a diff
 * between any two versions, and the changes a person makes (edit, restore, delete), each
 * a new version by the signed-in admin as a {@code user_actor}. Edits carry the content
 * hash they started from, so an agent's newer write is never silently overwritten.
 */
@Controller
@RequestMapping(AdminSecurityConfiguration.ROOT + "/workspaces/{workspaceId}/stores/{storeId}/memories/{memoryId}")
class AdminMemoryController {

	/**
	 * Versions shown in a memory's history.
	 */
	private static final int HISTORY_SIZE = 100;

	private final MemoryStoreService stores;

	private final MemoryService memories;

	private final MemoryVersionService versions;

	private final AuthorNames authors;

	AdminMemoryController(MemoryStoreService stores, MemoryService memories, MemoryVersionService versions,
			AuthorNames authors) {
		this.stores = stores;
		this.memories = memories;
		this.versions = versions;
		this.authors = authors;
	}

	@GetMapping
	String memory(@PathVariable String workspaceId, @PathVariable String storeId, @PathVariable String memoryId,
			Model model) {
		Memory memory = describe(workspaceId, storeId, memoryId, model);
		MemoryVersion lastWrite = this.versions.get(workspaceId, storeId, memory.memoryVersionId(), MemoryView.BASIC);
		model.addAttribute("lastWrite", lastWrite);
		model.addAttribute("lastWriter", this.authors.of(workspaceId, lastWrite.createdBy()));
		return "admin/memory";
	}

	@GetMapping("/history")
	String history(@PathVariable String workspaceId, @PathVariable String storeId, @PathVariable String memoryId,
			Model model) {
		describe(workspaceId, storeId, memoryId, model);
		List<MemoryVersion> history = history(workspaceId, storeId, memoryId);
		model.addAttribute("versions", history);
		model.addAttribute("authors",
				this.authors.of(workspaceId, history.stream().map(MemoryVersion::createdBy).toList()));
		return "admin/history";
	}

	@GetMapping("/diff")
	String diff(@PathVariable String workspaceId, @PathVariable String storeId, @PathVariable String memoryId,
			@RequestParam String from, @RequestParam String to, Model model) {
		describe(workspaceId, storeId, memoryId, model);
		MemoryVersion older = version(workspaceId, storeId, memoryId, from);
		MemoryVersion newer = version(workspaceId, storeId, memoryId, to);
		model.addAttribute("from", older);
		model.addAttribute("to", newer);
		model.addAttribute("diff", TextDiff.unified(older.id(), older.content(), newer.id(), newer.content()));
		return "admin/diff";
	}

	@PostMapping("/versions/{versionId}/restore")
	String restore(@PathVariable String workspaceId, @PathVariable String storeId, @PathVariable String memoryId,
			@PathVariable String versionId, Principal admin, RedirectAttributes redirect) {
		MemoryVersion version = version(workspaceId, storeId, memoryId, versionId);
		if (version.content() == null) {
			throw ApiException.invalidRequest(
					"version " + versionId + " has no content to restore: it records a deletion or was redacted");
		}
		this.memories.update(workspaceId, storeId, memoryId, new MemoryUpdateRequest(version.content(), null, null),
				AdminUsers.actor(admin), MemoryView.BASIC);
		redirect.addFlashAttribute("notice", "Restored the content of version " + versionId + " as a new version.");
		return "redirect:" + memoryUrl(workspaceId, storeId, memoryId);
	}

	@PostMapping("/versions/{versionId}/redact")
	String redact(@PathVariable String workspaceId, @PathVariable String storeId, @PathVariable String memoryId,
			@PathVariable String versionId, Principal admin, RedirectAttributes redirect) {
		version(workspaceId, storeId, memoryId, versionId);
		this.versions.redact(workspaceId, storeId, versionId, AdminUsers.actor(admin));
		redirect.addFlashAttribute("notice", "Redacted version " + versionId + ": its content and path are erased.");
		return "redirect:" + memoryUrl(workspaceId, storeId, memoryId) + "/history";
	}

	@GetMapping("/edit")
	String editForm(@PathVariable String workspaceId, @PathVariable String storeId, @PathVariable String memoryId,
			Model model) {
		Memory memory = describe(workspaceId, storeId, memoryId, model);
		model.addAttribute("draft", memory.content());
		model.addAttribute("draftPath", memory.path());
		model.addAttribute("basedOn", memory.contentSha256());
		return "admin/edit";
	}

	/**
	 * Saves an edit made on the content with hash {@code basedOn}. If the memory changed
	 * meanwhile, nothing is written: the page shows the newer content, what changed, and
	 * the edit again, to be redone on top of it.
	 */
	@PostMapping("/edit")
	String edit(@PathVariable String workspaceId, @PathVariable String storeId, @PathVariable String memoryId,
			@RequestParam String content, @RequestParam String path, @RequestParam String basedOn, Principal admin,
			Model model, RedirectAttributes redirect) {
		String text = content.replace("\r\n", "\n");
		try {
			this.memories.update(workspaceId, storeId, memoryId,
					new MemoryUpdateRequest(text, path,
							new MemoryUpdateRequest.Precondition("content_sha256", basedOn)),
					AdminUsers.actor(admin), MemoryView.BASIC);
		}
		catch (ApiException ex) {
			if (ex.type() != ApiErrorType.MEMORY_PRECONDITION_FAILED) {
				throw ex;
			}
			Memory current = describe(workspaceId, storeId, memoryId, model);
			MemoryVersion started = history(workspaceId, storeId, memoryId).stream()
				.filter((version) -> basedOn.equals(version.contentSha256()))
				.findFirst()
				.orElse(null);
			model.addAttribute("conflict", true);
			model.addAttribute("draft", text);
			model.addAttribute("draftPath", path);
			model.addAttribute("basedOn", current.contentSha256());
			model.addAttribute("changes",
					TextDiff.unified("the content you started from", (started != null)
							? this.versions.get(workspaceId, storeId, started.id(), MemoryView.FULL).content() : "",
							"the content now", current.content()));
			return "admin/edit";
		}
		redirect.addFlashAttribute("notice", "Saved as a new version.");
		return "redirect:" + memoryUrl(workspaceId, storeId, memoryId);
	}

	@PostMapping("/delete")
	String delete(@PathVariable String workspaceId, @PathVariable String storeId, @PathVariable String memoryId,
			@RequestParam String basedOn, Principal admin, RedirectAttributes redirect) {
		this.memories.delete(workspaceId, storeId, memoryId, basedOn, AdminUsers.actor(admin));
		redirect.addFlashAttribute("notice", "Deleted; its history is kept.");
		return "redirect:" + AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/stores/" + storeId;
	}

	private Memory describe(String workspaceId, String storeId, String memoryId, Model model) {
		MemoryStore store = this.stores.get(workspaceId, storeId);
		Memory memory = this.memories.get(workspaceId, storeId, memoryId, MemoryView.FULL);
		model.addAttribute("workspaceId", workspaceId);
		model.addAttribute("store", store);
		model.addAttribute("memory", memory);
		model.addAttribute("parents",
				AdminController.Breadcrumbs.of(memory.path().substring(0, memory.path().lastIndexOf('/') + 1)));
		return memory;
	}

	private List<MemoryVersion> history(String workspaceId, String storeId, String memoryId) {
		return this.versions
			.list(workspaceId, storeId,
					MemoryVersionQuery.parse(memoryId, null, null, null, null, CreatedAtRange.ANY, null),
					new PageParams(HISTORY_SIZE, null))
			.data();
	}

	/**
	 * A version of this memory, with its content.
	 */
	private MemoryVersion version(String workspaceId, String storeId, String memoryId, String versionId) {
		MemoryVersion version = this.versions.get(workspaceId, storeId, versionId, MemoryView.FULL);
		if (!version.memoryId().equals(memoryId)) {
			throw new ApiException(ApiErrorType.NOT_FOUND, "memory " + memoryId + " has no version " + versionId);
		}
		return version;
	}

	private static String memoryUrl(String workspaceId, String storeId, String memoryId) {
		return AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/stores/" + storeId + "/memories/"
				+ memoryId;
	}

}
