package dev.featurestore.aws.testing;

import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;

/**
 * Glue's optimistic check of UpdateTable, which moto does not make: an update naming a VersionId that is no
 * longer the table's current one fails with ConcurrentModificationException, as on AWS. The check and the
 * update run under one lock, so concurrent updates through clients sharing this interceptor are serialized
 * like Glue serializes them. An update naming no VersionId is let through (Glue's behaviour without one).
 */
public final class GlueTableVersionCheck implements ExecutionInterceptor {
    private final GlueClient reader;
    private final ReentrantLock updates = new ReentrantLock();

    /** @param reader a client without this interceptor, to read the current version */
    public GlueTableVersionCheck(GlueClient reader) {
        this.reader = reader;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof UpdateTableRequest update)) {
            return;
        }
        updates.lock();
        if (update.versionId() == null) {
            return;
        }
        String current = reader.getTable(b -> b.databaseName(update.databaseName()).name(update.tableInput().name())).table().versionId();
        if (!current.equals(update.versionId())) {
            updates.unlock();
            throw ConcurrentModificationException.builder().message("Table version " + update.versionId()
                    + " is not the current version " + current + " (test: Glue's UpdateTable check)").statusCode(400).build();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        release(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        release(attributes);
    }

    private void release(ExecutionAttributes attributes) {
        if ("UpdateTable".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)) && updates.isHeldByCurrentThread()) {
            updates.unlock();
        }
    }
}
