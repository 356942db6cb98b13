import { defineConfig } from "tsup";
import { preset } from "../../../tsup.preset";

export default defineConfig(preset({"index":"src/index.ts","blob":"src/blob.ts","http":"src/http.ts","object":"src/object.ts","identity":"src/identity.ts"}));
