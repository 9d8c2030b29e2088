package io.omniline.ivr.run;

import io.omniline.ivr.model.Flow;
import java.util.Optional;

/** The flow a goto-flow node names: the published version at run time, drafts in an editor. */
@FunctionalInterface
public interface FlowResolver {

    Optional<Flow> flow(String name);

    FlowResolver NONE = name -> Optional.empty();
}
