package dev.memstore.kernel;

import jakarta.persistence.EntityManager;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The rule where the two styles of persistence meet: Hibernate holds an entity's changes
 * until it flushes them, and {@code JdbcClient} does not flush it, so SQL that reads an
 * entity's table in a transaction that may have changed the entity calls
 * {@link #beforeSqlRead()} first. Otherwise the SQL answers from before the change: a
 * store created earlier in the same transaction would not exist yet.
 */
@Component
public class EntityFlush {

	private final EntityManager entityManager;

	public EntityFlush(EntityManager entityManager) {
		this.entityManager = entityManager;
	}

	/**
	 * Writes the entity changes of the current transaction to the database, so that SQL
	 * in it sees them; outside a transaction there are none, and nothing happens.
	 */
	public void beforeSqlRead() {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			this.entityManager.flush();
		}
	}

}
