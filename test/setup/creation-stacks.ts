import { skipTokenCreationStacks } from "../../modules/gitana-platform/app";

skipTokenCreationStacks();
