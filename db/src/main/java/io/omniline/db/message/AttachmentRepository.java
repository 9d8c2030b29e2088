package io.omniline.db.message;

import static io.omniline.db.jooq.Tables.MESSAGE;
import static io.omniline.db.jooq.Tables.MESSAGE_ATTACHMENT;

import io.omniline.db.jooq.tables.records.MessageAttachmentRecord;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Files attached to messages (email attachments). */
public final class AttachmentRepository {

    private final DSLContext dsl;

    public AttachmentRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Attachment keep(long messageId, String fileName, String contentType, byte[] content) {
        return insert(messageId, fileName, contentType, content.length, content, null);
    }

    public Attachment recordDropped(
            long messageId, String fileName, String contentType, long sizeBytes, String reason) {
        return insert(messageId, fileName, contentType, sizeBytes, null, reason);
    }

    private Attachment insert(
            long messageId, String fileName, String contentType, long size, byte[] content, String reason) {
        return attachment(dsl.insertInto(MESSAGE_ATTACHMENT)
                .set(MESSAGE_ATTACHMENT.MESSAGE_ID, messageId)
                .set(MESSAGE_ATTACHMENT.FILE_NAME, AttachmentName.of(fileName))
                .set(MESSAGE_ATTACHMENT.CONTENT_TYPE, contentType)
                .set(MESSAGE_ATTACHMENT.SIZE_BYTES, size)
                .set(MESSAGE_ATTACHMENT.CONTENT, content)
                .set(MESSAGE_ATTACHMENT.DROPPED_REASON, reason)
                .returning()
                .fetchSingle());
    }

    public List<Attachment> of(long messageId) {
        return dsl.selectFrom(MESSAGE_ATTACHMENT)
                .where(MESSAGE_ATTACHMENT.MESSAGE_ID.eq(messageId))
                .orderBy(MESSAGE_ATTACHMENT.ID)
                .fetch(AttachmentRepository::attachment);
    }

    /** Every attachment of the interaction's messages, without their bytes (a transcript lists them). */
    public List<Attachment> listOf(long interactionId) {
        return dsl.select(
                        MESSAGE_ATTACHMENT.ID,
                        MESSAGE_ATTACHMENT.MESSAGE_ID,
                        MESSAGE_ATTACHMENT.FILE_NAME,
                        MESSAGE_ATTACHMENT.CONTENT_TYPE,
                        MESSAGE_ATTACHMENT.SIZE_BYTES,
                        MESSAGE_ATTACHMENT.DROPPED_REASON)
                .from(MESSAGE_ATTACHMENT)
                .join(MESSAGE)
                .on(MESSAGE.ID.eq(MESSAGE_ATTACHMENT.MESSAGE_ID))
                .where(MESSAGE.INTERACTION_ID.eq(interactionId))
                .orderBy(MESSAGE_ATTACHMENT.ID)
                .fetch(row -> new Attachment(
                        row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), null, row.value6()));
    }

    /** One attachment with its bytes, when it belongs to a message of that interaction. */
    public Optional<Attachment> find(long interactionId, long attachmentId) {
        return dsl.select(MESSAGE_ATTACHMENT.fields())
                .from(MESSAGE_ATTACHMENT)
                .join(MESSAGE)
                .on(MESSAGE.ID.eq(MESSAGE_ATTACHMENT.MESSAGE_ID))
                .where(MESSAGE_ATTACHMENT.ID.eq(attachmentId).and(MESSAGE.INTERACTION_ID.eq(interactionId)))
                .fetchOptional(row -> attachment(row.into(MESSAGE_ATTACHMENT)));
    }

    private static Attachment attachment(MessageAttachmentRecord row) {
        return new Attachment(
                row.getId(),
                row.getMessageId(),
                row.getFileName(),
                row.getContentType(),
                row.getSizeBytes(),
                row.getContent(),
                row.getDroppedReason());
    }
}
