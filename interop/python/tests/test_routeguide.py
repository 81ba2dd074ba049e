"""RouteGuide over the wire, on serve_all's server, against the database as read here independently."""

import json
import math

import pytest

from helpers import RPC_TIMEOUT
from polyrpc_interop.serving import ROUTE_GUIDE_DB
from polyrpc_stubs.routeguide import route_guide_pb2 as pb
from polyrpc_stubs.routeguide import route_guide_pb2_grpc

with open(ROUTE_GUIDE_DB, encoding="utf-8") as db_file:
    DB = json.load(db_file)
NAMED = [entry for entry in DB if entry["name"]]
UNNAMED = [entry for entry in DB if not entry["name"]]


def point(entry):
    return pb.Point(latitude=entry["location"]["latitude"], longitude=entry["location"]["longitude"])


@pytest.fixture
def stub(channel):
    return route_guide_pb2_grpc.RouteGuideStub(channel)


def test_the_database_has_named_and_unnamed_entries():
    assert len(DB) == 100 and NAMED and UNNAMED


def test_get_feature_found(stub):
    feature = stub.GetFeature(pb.Point(latitude=409146138, longitude=-746188906), timeout=RPC_TIMEOUT)
    assert feature.name == "Berkshire Valley Management Area Trail, Jefferson, NJ, USA"
    assert feature.location == pb.Point(latitude=409146138, longitude=-746188906)


@pytest.mark.parametrize("where", [pb.Point(latitude=0, longitude=0), pb.Point(latitude=409146138, longitude=-1)])
def test_get_feature_not_found_echoes_the_point(stub, where):
    assert stub.GetFeature(where, timeout=RPC_TIMEOUT) == pb.Feature(name="", location=where)


def test_get_feature_unnamed_entry_looks_like_no_feature(stub):
    where = point(UNNAMED[0])
    assert stub.GetFeature(where, timeout=RPC_TIMEOUT) == pb.Feature(name="", location=where)


def test_list_features_seed_rectangle_has_all_100_in_db_order(stub):
    rectangle = pb.Rectangle(
        lo=pb.Point(latitude=400000000, longitude=-750000000),
        hi=pb.Point(latitude=420000000, longitude=-730000000),
    )
    features = list(stub.ListFeatures(rectangle, timeout=RPC_TIMEOUT))
    assert len(features) == 100
    assert [f.name for f in features] == [entry["name"] for entry in DB]


def test_list_features_bounds_are_inclusive_and_corners_can_be_swapped(stub):
    # A rectangle whose edges run exactly through two db points, given hi-first.
    a, b = point(DB[0]), point(DB[1])
    lat_lo, lat_hi = sorted((a.latitude, b.latitude))
    lon_lo, lon_hi = sorted((a.longitude, b.longitude))
    rectangle = pb.Rectangle(
        lo=pb.Point(latitude=lat_hi, longitude=lon_hi),
        hi=pb.Point(latitude=lat_lo, longitude=lon_lo),
    )
    expected = [
        entry["name"]
        for entry in DB
        if lat_lo <= entry["location"]["latitude"] <= lat_hi and lon_lo <= entry["location"]["longitude"] <= lon_hi
    ]
    names = [f.name for f in stub.ListFeatures(rectangle, timeout=RPC_TIMEOUT)]
    assert names == expected
    assert DB[0]["name"] in names and DB[1]["name"] in names


def haversine_asin(a, b):
    """The same great-circle distance as grpc's atan2 form, written independently with asin."""
    lat1, lon1, lat2, lon2 = (math.radians(v / 1e7) for v in (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371000 * math.asin(math.sqrt(h))


def test_record_route_counts_and_distance(stub):
    # Two named db points, an unnamed one (it counts: grpc counts any db entry), a point off the db, two more.
    off_db = pb.Point(latitude=0, longitude=0)
    route = [point(DB[0]), point(DB[1]), point(UNNAMED[0]), off_db, point(DB[2]), point(DB[3])]
    summary = stub.RecordRoute(iter(route), timeout=RPC_TIMEOUT)
    assert summary.point_count == 6
    assert summary.feature_count == 5
    assert summary.distance == int(sum(haversine_asin(a, b) for a, b in zip(route, route[1:], strict=False)))
    assert summary.distance == 17670194  # the same number, for the TypeScript server's tests
    assert summary.elapsed_time == 0


def test_record_route_empty(stub):
    assert stub.RecordRoute(iter([]), timeout=RPC_TIMEOUT) == pb.RouteSummary()


def note(message, latitude, longitude):
    return pb.RouteNote(message=message, location=pb.Point(latitude=latitude, longitude=longitude))


def test_route_chat_replays_earlier_notes_at_the_same_place(stub):
    notes = [
        note("First message", 0, 0),
        note("Second message", 0, 1),
        note("Third message", 1, 0),
        note("Fourth message", 0, 0),
        note("Fifth message", 1, 0),
        note("Sixth message", 0, 0),
    ]
    received = list(stub.RouteChat(iter(notes), timeout=RPC_TIMEOUT))
    assert received == [notes[0], notes[2], notes[0], notes[3]]
