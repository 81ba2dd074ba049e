"""The TypeScript server seen through a real reflection client (grpcio-reflection's descriptor database, as
grpcurl uses reflection): it lists the seed services with health and reflection, as serve_all and grpc-go do,
and a method found only through reflection can be called, grpc.health.v1.Health/Check among them."""

from google.protobuf import descriptor_pool, json_format, message_factory
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

from helpers import RPC_TIMEOUT
from polyrpc_interop.serve_all import SERVICE_NAMES


def call_through_reflection(channel, pool, method_name, request_json):
    """Calls a unary method knowing only its full name, with message classes built from reflection."""
    service_name, method = method_name.rsplit("/", 1)
    descriptor = pool.FindServiceByName(service_name).FindMethodByName(method)
    request_class = message_factory.GetMessageClass(descriptor.input_type)
    response_class = message_factory.GetMessageClass(descriptor.output_type)
    call = channel.unary_unary(
        f"/{method_name}",
        request_serializer=request_class.SerializeToString,
        response_deserializer=response_class.FromString,
    )
    return json_format.MessageToDict(call(json_format.Parse(request_json, request_class()), timeout=RPC_TIMEOUT))


def test_lists_the_seed_services_with_health_and_reflection(typescript_channel):
    listed = set(ProtoReflectionDescriptorDatabase(typescript_channel).get_services())
    assert listed == set(SERVICE_NAMES) | {
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
    }


def test_health_check_is_callable_from_its_reflected_descriptor(typescript_channel):
    pool = descriptor_pool.DescriptorPool(ProtoReflectionDescriptorDatabase(typescript_channel))
    assert call_through_reflection(typescript_channel, pool, "grpc.health.v1.Health/Check", "{}") == {"status": "SERVING"}
    assert call_through_reflection(typescript_channel, pool, "grpc.health.v1.Health/Check", '{"service": "routeguide.RouteGuide"}') == {
        "status": "SERVING"
    }


def test_a_seed_method_is_callable_from_its_reflected_descriptor(typescript_channel):
    pool = descriptor_pool.DescriptorPool(ProtoReflectionDescriptorDatabase(typescript_channel))
    reply = call_through_reflection(typescript_channel, pool, "Greeter/SayHello", '{"name": "reflection"}')
    assert reply == {"message": "Hello, reflection"}


def test_the_reflection_service_describes_itself(typescript_channel):
    pool = descriptor_pool.DescriptorPool(ProtoReflectionDescriptorDatabase(typescript_channel))
    for name in ("grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"):
        methods = [m.name for m in pool.FindServiceByName(name).methods]
        assert methods == ["ServerReflectionInfo"]
