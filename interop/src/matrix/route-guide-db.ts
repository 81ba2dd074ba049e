import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * The RouteGuide database every client case reads (grpc's route_guide_db.json): the one @polyrpc/server
 * ships in its data/ folder, which the Python ports read too, found through the package so there is one copy.
 */
export const routeGuideDbUrl: URL = new URL("data/route_guide_db.json", pathToFileURL(createRequire(import.meta.url).resolve("@polyrpc/server/package.json")));
