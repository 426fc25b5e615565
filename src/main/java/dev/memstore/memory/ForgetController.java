package dev.memstore.memory;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Forget a subject" in the operator API, for automation: the same preview, forget and
 * receipt as the admin page, guarded by the admin key.
 */
@RestController
@RequestMapping("/_memstore/workspaces/{workspace_id}")
class ForgetController {

	/**
	 * Who forgets through the operator API, as its versions' redactor.
	 */
	static final Actor OPERATOR = Actor.user("operator_api");

	private final ForgetService forgets;

	ForgetController(ForgetService forgets) {
		this.forgets = forgets;
	}

	@GetMapping("/memory_stores/{memory_store_id}/forget")
	Map<String, Object> preview(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("memory_store_id") String storeId, @RequestParam("path_prefix") String pathPrefix) {
		ForgetPreview preview = this.forgets.preview(workspaceId, storeId, pathPrefix);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "forget_preview");
		body.put("memory_store_id", preview.memoryStoreId());
		body.put("path_prefix", preview.pathPrefix());
		body.put("memories", preview.memories());
		body.put("versions_to_redact", preview.versionsToRedact());
		return body;
	}

	@PostMapping("/memory_stores/{memory_store_id}/forget")
	ForgetReceipt forget(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("memory_store_id") String storeId, @RequestBody ForgetRequest request) {
		return this.forgets.forget(workspaceId, storeId, request.pathPrefix(), OPERATOR);
	}

	@GetMapping("/forget_receipts/{receipt_id}")
	ForgetReceipt receipt(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("receipt_id") String receiptId) {
		return this.forgets.receipt(workspaceId, receiptId);
	}

	record ForgetRequest(String pathPrefix) {
	}

}
