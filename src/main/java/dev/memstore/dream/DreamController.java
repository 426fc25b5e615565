package dev.memstore.dream;

import jakarta.servlet.http.HttpServletRequest;

import dev.memstore.api.ArrayParameters;
import dev.memstore.api.BetaApi;
import dev.memstore.api.BetaFamily;
import dev.memstore.api.Caller;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/dreams}.
 */
@RestController
@BetaApi(BetaFamily.DREAMS)
@RequestMapping("/v1/dreams")
class DreamController {

	private final DreamService dreams;

	DreamController(DreamService dreams) {
		this.dreams = dreams;
	}

	@PostMapping
	Dream create(Caller caller, @RequestBody DreamCreateRequest body) {
		return this.dreams.create(caller.workspaceId(), body);
	}

	@GetMapping("/{dream_id}")
	Dream retrieve(Caller caller, @PathVariable("dream_id") String dreamId) {
		return this.dreams.get(caller.workspaceId(), dreamId);
	}

	@GetMapping
	ListPage<Dream> list(Caller caller, HttpServletRequest request,
			@RequestParam(name = "include_archived", required = false) Boolean includeArchived,
			CreatedAtRange createdAt, PageParams page) {
		return this.dreams.list(caller.workspaceId(), Boolean.TRUE.equals(includeArchived),
				ArrayParameters.values(request, "statuses"), createdAt, page);
	}

	@PostMapping("/{dream_id}/archive")
	Dream archive(Caller caller, @PathVariable("dream_id") String dreamId) {
		return this.dreams.archive(caller.workspaceId(), dreamId);
	}

	@PostMapping("/{dream_id}/cancel")
	Dream cancel(Caller caller, @PathVariable("dream_id") String dreamId) {
		return this.dreams.cancel(caller.workspaceId(), dreamId);
	}

}
