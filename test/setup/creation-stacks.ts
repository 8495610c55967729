import { skipTokenCreationStacks } from "../../constructs/gitana-platform/app";

skipTokenCreationStacks();
