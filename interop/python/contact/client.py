"""Contact client, from the seed "基于grpc的流式方式实现双向通讯(python)".

    python contact/client.py [--target HOST:PORT] [--rounds N] [--seconds S]

Without --rounds or --seconds it runs until interrupted, as the seed does.
"""

from polyrpc_interop import contact, serving


def main():
    parser = serving.client_arguments("Contact client.", target="localhost:50051")
    parser.add_argument("--rounds", type=int, help="end after N rounds of pushed tasks (10 tasks a round)")
    parser.add_argument("--seconds", type=float, help="end after S seconds")
    args = parser.parse_args()
    try:
        contact.run(args.target, rounds=args.rounds, seconds=args.seconds)
    except KeyboardInterrupt:
        pass  # Ctrl-C is how the seed's endless client ends


if __name__ == "__main__":
    main()
