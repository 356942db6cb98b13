import { defineConfig } from "tsup";
import { preset } from "../../../tsup.preset";

export default defineConfig(preset({"index":"src/index.ts","s3":"src/s3.ts","http":"src/http.ts","object":"src/object.ts"}));
