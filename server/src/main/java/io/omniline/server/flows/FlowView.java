package io.omniline.server.flows;

import io.omniline.db.flow.FlowDraft;
import io.omniline.ivr.model.Problem;
import java.util.List;

/** A flow's draft as the editor shows it: the draft and what is wrong with it now. */
public record FlowView(FlowDraft flow, List<Problem> problems) {}
