package dev.memstore.admin;

import java.security.Principal;

import dev.memstore.memory.ForgetReceipt;
import dev.memstore.memory.ForgetService;
import dev.memstore.store.MemoryStoreService;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Forgetting a subject on the admin page: choose a path prefix of a store, see exactly
 * what will be deleted, confirm, and keep the receipt.
 */
@Controller
@RequestMapping(AdminSecurityConfiguration.ROOT + "/workspaces/{workspaceId}")
class AdminForgetController {

	private final MemoryStoreService stores;

	private final ForgetService forgets;

	private final AuthorNames authors;

	AdminForgetController(MemoryStoreService stores, ForgetService forgets, AuthorNames authors) {
		this.stores = stores;
		this.forgets = forgets;
		this.authors = authors;
	}

	@GetMapping("/stores/{storeId}/forget")
	String preview(@PathVariable String workspaceId, @PathVariable String storeId,
			@RequestParam(required = false) String prefix, Model model) {
		model.addAttribute("workspaceId", workspaceId);
		model.addAttribute("store", this.stores.get(workspaceId, storeId));
		model.addAttribute("prefix", prefix);
		if (prefix != null && !prefix.isBlank()) {
			model.addAttribute("preview", this.forgets.preview(workspaceId, storeId, prefix));
		}
		return "admin/forget";
	}

	@PostMapping("/stores/{storeId}/forget")
	String forget(@PathVariable String workspaceId, @PathVariable String storeId, @RequestParam String prefix,
			Principal admin, RedirectAttributes redirect) {
		ForgetReceipt receipt = this.forgets.forget(workspaceId, storeId, prefix, AdminUsers.actor(admin));
		redirect.addFlashAttribute("notice", "Forgot everything under " + prefix + ".");
		return "redirect:" + AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/forget-receipts/"
				+ receipt.id();
	}

	@GetMapping("/forget-receipts/{receiptId}")
	String receipt(@PathVariable String workspaceId, @PathVariable String receiptId, Model model) {
		ForgetReceipt receipt = this.forgets.receipt(workspaceId, receiptId);
		model.addAttribute("workspaceId", workspaceId);
		model.addAttribute("receipt", receipt);
		model.addAttribute("performer", this.authors.of(workspaceId, receipt.performedBy()));
		model.addAttribute("store", this.stores.get(workspaceId, receipt.memoryStoreId()));
		return "admin/receipt";
	}

	/**
	 * The receipt as the operator API returns it, as a file to keep.
	 */
	@GetMapping("/forget-receipts/{receiptId}.json")
	ResponseEntity<ForgetReceipt> download(@PathVariable String workspaceId, @PathVariable String receiptId) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(receiptId + ".json").build().toString())
			.body(this.forgets.receipt(workspaceId, receiptId));
	}

}
