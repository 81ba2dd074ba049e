import { create } from "@bufbuild/protobuf";
import { PointSchema, RectangleSchema, RouteNoteSchema, type Point, type RouteNote } from "@polyrpc/stubs";
import { toTextFormat } from "../text-format/to-text-format.js";
import { DEMO_CALL_TIMEOUT_MS, type Demo, type DemoContext } from "./demo.js";
import { readRouteGuideDatabase } from "./feature-db.js";

/**
 * grpc's route_guide_client.py (the seed "gRPC" notes): GetFeature for a known point and for (0, 0),
 * ListFeatures over a rectangle, RecordRoute over 10 random points of the database, and RouteChat with
 * five notes. Points print as Python prints them: in the protobuf text format, so an unset (0, 0)
 * point prints as nothing and every other one spans two lines and ends in a newline.
 */
export const routeGuideDemo: Demo = {
  name: "routeguide",
  defaultTarget: "localhost:50051",
  summary: "GetFeature, ListFeatures, RecordRoute (10 random points) and RouteChat on /routeguide.RouteGuide",
  options: [],
  async run(ctx) {
    ctx.print("-------------- GetFeature --------------");
    await guideGetFeature(ctx);
    ctx.print("-------------- ListFeatures --------------");
    await guideListFeatures(ctx);
    ctx.print("-------------- RecordRoute --------------");
    await guideRecordRoute(ctx);
    ctx.print("-------------- RouteChat --------------");
    await guideRouteChat(ctx);
  },
};

const options = { timeoutMs: DEMO_CALL_TIMEOUT_MS };

/** Python's `"%s" % point`. */
function pointText(point: Point | undefined): string {
  return toTextFormat(PointSchema, point ?? create(PointSchema));
}

async function guideGetOneFeature({ clients, print }: DemoContext, point: Point): Promise<void> {
  const feature = await clients.routeGuide.getFeature(point, options);
  // grpc's client first checks `if not feature.location`; a protobuf message is always truthy in
  // Python, so that branch never runs, and it is left out here as in the Python port.
  if (feature.name !== "") print(`Feature called ${feature.name} at ${pointText(feature.location)}`);
  else print(`Found no feature at ${pointText(feature.location)}`);
}

async function guideGetFeature(ctx: DemoContext): Promise<void> {
  await guideGetOneFeature(ctx, create(PointSchema, { latitude: 409146138, longitude: -746188906 }));
  await guideGetOneFeature(ctx, create(PointSchema, { latitude: 0, longitude: 0 }));
}

async function guideListFeatures({ clients, print }: DemoContext): Promise<void> {
  const rectangle = create(RectangleSchema, {
    lo: { latitude: 400000000, longitude: -750000000 },
    hi: { latitude: 420000000, longitude: -730000000 },
  });
  print("Looking for features between 40, -75 and 42, -73");
  for await (const feature of clients.routeGuide.listFeatures(rectangle, options)) {
    print(`Feature called ${feature.name} at ${pointText(feature.location)}`);
  }
}

async function guideRecordRoute(ctx: DemoContext): Promise<void> {
  const featureList = await readRouteGuideDatabase();
  async function* generateRoute(): AsyncGenerator<Point> {
    for (let i = 0; i < 10; i++) {
      // random.randint(0, len(feature_list) - 1)
      const randomFeature = featureList[Math.floor(ctx.random() * featureList.length)]!;
      ctx.print(`Visiting point ${pointText(randomFeature.location)}`);
      yield randomFeature.location ?? create(PointSchema);
    }
  }
  const summary = await ctx.clients.routeGuide.recordRoute(generateRoute(), options);
  // The trailing spaces are grpc's.
  ctx.print(`Finished trip with ${summary.pointCount} points `);
  ctx.print(`Passed ${summary.featureCount} features `);
  ctx.print(`Travelled ${summary.distance} meters `);
  ctx.print(`It took ${summary.elapsedTime} seconds `);
}

function makeRouteNote(message: string, latitude: number, longitude: number): RouteNote {
  return create(RouteNoteSchema, { message, location: { latitude, longitude } });
}

async function guideRouteChat(ctx: DemoContext): Promise<void> {
  async function* generateMessages(): AsyncGenerator<RouteNote> {
    const messages = [
      makeRouteNote("First message", 0, 0),
      makeRouteNote("Second message", 0, 1),
      makeRouteNote("Third message", 1, 0),
      makeRouteNote("Fourth message", 0, 0),
      makeRouteNote("Fifth message", 1, 0),
    ];
    for (const msg of messages) {
      ctx.print(`Sending ${msg.message} at ${pointText(msg.location)}`);
      yield msg;
    }
  }
  for await (const response of ctx.clients.routeGuide.routeChat(generateMessages(), options)) {
    ctx.print(`Received message ${response.message} at ${pointText(response.location)}`);
  }
}
