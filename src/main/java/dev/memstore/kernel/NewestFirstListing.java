package dev.memstore.kernel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.criteria.Predicate;

import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;

/**
 * The keyset query of the lists ordered newest first ({@code created_at} desc, then
 * {@code id} desc) within a workspace: memory stores, agents and environments. Their
 * entities have {@code workspaceId}, {@code createdAt}, {@code archivedAt} and {@code id}
 * attributes.
 */
public final class NewestFirstListing {

	public static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "createdAt", "id");

	private NewestFirstListing() {
	}

	/**
	 * @param after the decoded cursor ({@code created_at}, {@code id} of the last item
	 * served), or {@code null} for the first page
	 */
	public static <T> Specification<T> query(String workspaceId, boolean includeArchived, CreatedAtRange createdAt,
			List<String> after) {
		Instant afterCreatedAt = (after != null) ? PageCursor.instantPart(after.get(0)) : null;
		return (root, criteria, builder) -> {
			List<Predicate> where = new ArrayList<>();
			where.add(builder.equal(root.get("workspaceId"), workspaceId));
			if (!includeArchived) {
				where.add(builder.isNull(root.get("archivedAt")));
			}
			if (createdAt.gt() != null) {
				where.add(builder.greaterThan(root.get("createdAt"), createdAt.gt()));
			}
			if (createdAt.gte() != null) {
				where.add(builder.greaterThanOrEqualTo(root.get("createdAt"), createdAt.gte()));
			}
			if (createdAt.lt() != null) {
				where.add(builder.lessThan(root.get("createdAt"), createdAt.lt()));
			}
			if (createdAt.lte() != null) {
				where.add(builder.lessThanOrEqualTo(root.get("createdAt"), createdAt.lte()));
			}
			if (after != null) {
				where.add(builder.or(builder.lessThan(root.get("createdAt"), afterCreatedAt),
						builder.and(builder.equal(root.get("createdAt"), afterCreatedAt),
								builder.lessThan(root.get("id"), after.get(1)))));
			}
			return builder.and(where.toArray(Predicate[]::new));
		};
	}

}
