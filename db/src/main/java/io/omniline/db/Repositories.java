package io.omniline.db;

import io.omniline.db.account.AccountRepository;
import io.omniline.db.account.LoginThrottleRepository;
import io.omniline.db.account.WebSessionRepository;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.agent.AgentStateLog;
import io.omniline.db.agent.SoftphoneRepository;
import io.omniline.db.audit.AuditLog;
import io.omniline.db.bench.BenchQueries;
import io.omniline.db.callback.CallbackRepository;
import io.omniline.db.chat.ChatVisitorRepository;
import io.omniline.db.csat.CsatSurveys;
import io.omniline.db.customer.CustomerLinks;
import io.omniline.db.customer.CustomerNoteRepository;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.customer.IdentityReviewRepository;
import io.omniline.db.digital.DigitalQueueRepository;
import io.omniline.db.digital.WorkListQuery;
import io.omniline.db.email.MailboxCursorRepository;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.interaction.AgentDayQuery;
import io.omniline.db.interaction.HandleTimeQuery;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.IvrPathRepository;
import io.omniline.db.interaction.ServiceLevelQuery;
import io.omniline.db.message.AttachmentRepository;
import io.omniline.db.message.InboundReceipts;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.pop.PopContextQuery;
import io.omniline.db.prompt.PromptRepository;
import io.omniline.db.queue.QueueSettings;
import io.omniline.db.quickreply.QuickReplyRepository;
import io.omniline.db.report.ReportDeliveries;
import io.omniline.db.report.ReportRepository;
import io.omniline.db.secret.SharedSecrets;
import io.omniline.db.sms.SmsPartRepository;
import io.omniline.db.sms.SmsSessionRepository;
import io.omniline.db.sms.SmsSubmissionRepository;
import io.omniline.db.timeline.TimelineQuery;
import io.omniline.db.verification.VerificationCodeRepository;
import org.jooq.DSLContext;

/**
 * Every repository over one jOOQ context: built once from the {@link Database} (or handed to a unit
 * of work by {@link Transactions}, bound to its transaction), so that code outside db gets its
 * data through these and never holds a {@code DSLContext}. Repositories keep no state of their own,
 * so one instance of each serves every thread.
 */
public final class Repositories {

    private final DSLContext dsl;
    private final AccountRepository accounts;
    private final LoginThrottleRepository loginThrottle;
    private final WebSessionRepository webSessions;
    private final AgentRepository agents;
    private final AgentStateLog agentStateLog;
    private final SoftphoneRepository softphones;
    private final AuditLog auditLog;
    private final BenchQueries bench;
    private final CallbackRepository callbacks;
    private final ChatVisitorRepository chatVisitors;
    private final CsatSurveys csatSurveys;
    private final QueueSettings queueSettings;
    private final CustomerLinks customerLinks;
    private final CustomerRepository customers;
    private final IdentityReviewRepository identityReviews;
    private final DigitalQueueRepository digitalQueue;
    private final WorkListQuery workList;
    private final MailboxCursorRepository mailboxCursors;
    private final FlowRepository flows;
    private final AgentDayQuery agentDays;
    private final HandleTimeQuery handleTimes;
    private final InteractionRepository interactions;
    private final IvrPathRepository ivrPaths;
    private final ServiceLevelQuery serviceLevels;
    private final AttachmentRepository attachments;
    private final InboundReceipts inboundReceipts;
    private final MessageRepository messages;
    private final PromptRepository prompts;
    private final QuickReplyRepository quickReplies;
    private final CustomerNoteRepository customerNotes;
    private final ReportRepository reports;
    private final ReportDeliveries reportDeliveries;
    private final SharedSecrets sharedSecrets;
    private final SmsPartRepository smsParts;
    private final SmsSubmissionRepository smsSubmissions;
    private final TimelineQuery timelines;
    private final VerificationCodeRepository verificationCodes;
    private final SmsSessionRepository smsSessions;

    public Repositories(DSLContext dsl) {
        this.dsl = dsl;
        this.accounts = new AccountRepository(dsl);
        this.loginThrottle = new LoginThrottleRepository(dsl);
        this.webSessions = new WebSessionRepository(dsl);
        this.agents = new AgentRepository(dsl);
        this.agentStateLog = new AgentStateLog(dsl);
        this.softphones = new SoftphoneRepository(dsl);
        this.auditLog = new AuditLog(dsl);
        this.bench = new BenchQueries(dsl);
        this.callbacks = new CallbackRepository(dsl);
        this.chatVisitors = new ChatVisitorRepository(dsl);
        this.csatSurveys = new CsatSurveys(dsl);
        this.queueSettings = new QueueSettings(dsl);
        this.customerLinks = new CustomerLinks(dsl);
        this.customers = new CustomerRepository(dsl);
        this.identityReviews = new IdentityReviewRepository(dsl);
        this.digitalQueue = new DigitalQueueRepository(dsl);
        this.workList = new WorkListQuery(dsl);
        this.mailboxCursors = new MailboxCursorRepository(dsl);
        this.flows = new FlowRepository(dsl);
        this.agentDays = new AgentDayQuery(dsl);
        this.handleTimes = new HandleTimeQuery(dsl);
        this.interactions = new InteractionRepository(dsl);
        this.ivrPaths = new IvrPathRepository(dsl);
        this.serviceLevels = new ServiceLevelQuery(dsl);
        this.attachments = new AttachmentRepository(dsl);
        this.inboundReceipts = new InboundReceipts(dsl);
        this.messages = new MessageRepository(dsl);
        this.prompts = new PromptRepository(dsl);
        this.quickReplies = new QuickReplyRepository(dsl);
        this.customerNotes = new CustomerNoteRepository(dsl);
        this.reports = new ReportRepository(dsl);
        this.reportDeliveries = new ReportDeliveries(dsl);
        this.sharedSecrets = new SharedSecrets(dsl);
        this.smsParts = new SmsPartRepository(dsl);
        this.smsSubmissions = new SmsSubmissionRepository(dsl);
        this.timelines = new TimelineQuery(dsl);
        this.verificationCodes = new VerificationCodeRepository(dsl);
        this.smsSessions = new SmsSessionRepository(dsl);
    }

    public AccountRepository accounts() {
        return accounts;
    }

    public LoginThrottleRepository loginThrottle() {
        return loginThrottle;
    }

    public WebSessionRepository webSessions() {
        return webSessions;
    }

    public AgentRepository agents() {
        return agents;
    }

    public AgentStateLog agentStateLog() {
        return agentStateLog;
    }

    public SoftphoneRepository softphones() {
        return softphones;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    /** Only for {@code ./omniline bench}. */
    public BenchQueries bench() {
        return bench;
    }

    public CallbackRepository callbacks() {
        return callbacks;
    }

    public ChatVisitorRepository chatVisitors() {
        return chatVisitors;
    }

    public CsatSurveys csatSurveys() {
        return csatSurveys;
    }

    public QueueSettings queueSettings() {
        return queueSettings;
    }

    public CustomerLinks customerLinks() {
        return customerLinks;
    }

    public CustomerRepository customers() {
        return customers;
    }

    public IdentityReviewRepository identityReviews() {
        return identityReviews;
    }

    public DigitalQueueRepository digitalQueue() {
        return digitalQueue;
    }

    public WorkListQuery workList() {
        return workList;
    }

    public MailboxCursorRepository mailboxCursors() {
        return mailboxCursors;
    }

    public FlowRepository flows() {
        return flows;
    }

    public AgentDayQuery agentDays() {
        return agentDays;
    }

    public HandleTimeQuery handleTimes() {
        return handleTimes;
    }

    public InteractionRepository interactions() {
        return interactions;
    }

    public IvrPathRepository ivrPaths() {
        return ivrPaths;
    }

    public ServiceLevelQuery serviceLevels() {
        return serviceLevels;
    }

    public AttachmentRepository attachments() {
        return attachments;
    }

    public InboundReceipts inboundReceipts() {
        return inboundReceipts;
    }

    public MessageRepository messages() {
        return messages;
    }

    public PromptRepository prompts() {
        return prompts;
    }

    public QuickReplyRepository quickReplies() {
        return quickReplies;
    }

    public CustomerNoteRepository customerNotes() {
        return customerNotes;
    }

    public ReportRepository reports() {
        return reports;
    }

    public ReportDeliveries reportDeliveries() {
        return reportDeliveries;
    }

    public SharedSecrets sharedSecrets() {
        return sharedSecrets;
    }

    public SmsPartRepository smsParts() {
        return smsParts;
    }

    public SmsSubmissionRepository smsSubmissions() {
        return smsSubmissions;
    }

    public TimelineQuery timelines() {
        return timelines;
    }

    public SmsSessionRepository smsSessions() {
        return smsSessions;
    }

    /** Runs work in one transaction, with repositories bound to it. */
    public Transactions transactions() {
        return new Transactions(dsl);
    }

    public VerificationCodeRepository verificationCodes() {
        return verificationCodes;
    }

    /** The pop's one-round-trip query; it renders its SQL when built, so build it once and keep it. */
    public PopContextQuery popContexts(int recentLimit) {
        return new PopContextQuery(dsl, recentLimit);
    }
}
