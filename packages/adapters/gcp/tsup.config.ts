import { defineConfig } from "tsup";
import { preset } from "../../../tsup.preset";

export default defineConfig(preset({"index":"src/index.ts","gcs":"src/gcs.ts","http":"src/http.ts","object":"src/object.ts"}));
