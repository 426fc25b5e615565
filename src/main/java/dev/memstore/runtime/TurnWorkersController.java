package dev.memstore.runtime;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator API's view of this instance's turn workers, guarded by the admin key like
 * the rest of {@code /_memstore}.
 */
@RestController
class TurnWorkersController {

	private final TurnWorkers workers;

	TurnWorkersController(TurnWorkers workers) {
		this.workers = workers;
	}

	@GetMapping("/_memstore/turn_workers")
	TurnWorkersView turnWorkers() {
		return this.workers.view();
	}

}
