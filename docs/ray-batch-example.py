"""Caption an AltLens batch manifest on a Ray cluster with a vLLM OpenAI-compatible server.

AN EXAMPLE, NOT RUN IN ALTLENS'S TESTS: no Ray cluster, vLLM server or GPU was available where AltLens is
built and tested. The AltLens side of it (the manifest, the results format, import-results) is tested with
a faked batch job in electron/cli/batch-commands.test.ts.

    altlens export --format jsonl --for-batch --out /shared/archive.jsonl   # manifest + archive-images/
    python ray-batch-example.py /shared/archive.jsonl /shared/results.jsonl \
        --url http://vllm-head:8000/v1 --model Qwen/Qwen2-VL-7B-Instruct
    altlens import-results /shared/results.jsonl                           # generated, needs review

The manifest's folder must be readable by every Ray worker (shared storage). Each manifest line is
{id, path, image, width, height, prompt, extendedPrompt, maxLength}; `image` is a metadata-free JPEG of at
most 1,536 px, relative to the manifest. Each result line is {id, altText, extendedDescription, model}.
Requires: pip install "ray[data]" openai
"""

import argparse
import base64
import json
import os

import ray
from openai import OpenAI


class Describer:
    """One per Ray actor: an OpenAI-compatible client for the vLLM server (or a Ray Serve deployment)."""

    def __init__(self, url: str, model: str, base: str):
        self.client = OpenAI(base_url=url, api_key=os.environ.get("OPENAI_API_KEY", "no-key"))
        self.model = model
        self.base = base

    def ask(self, prompt: str, jpeg: str, max_tokens: int) -> str:
        answer = self.client.chat.completions.create(
            model=self.model,
            max_tokens=max_tokens,
            messages=[
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": prompt},
                        {"type": "image_url", "image_url": {"url": f"data:image/jpeg;base64,{jpeg}"}},
                    ],
                }
            ],
        )
        return answer.choices[0].message.content or ""

    def __call__(self, row: dict) -> dict:
        with open(os.path.join(self.base, row["image"]), "rb") as file:
            jpeg = base64.b64encode(file.read()).decode("ascii")
        return {
            "id": int(row["id"]),
            # AltLens cleans the answers and cuts the alt text to maxLength when it imports them.
            "altText": self.ask(row["prompt"], jpeg, 200),
            "extendedDescription": self.ask(row["extendedPrompt"], jpeg, 600),
            "model": self.model,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest")
    parser.add_argument("results")
    parser.add_argument("--url", required=True, help="the vLLM server's OpenAI-compatible URL, with /v1")
    parser.add_argument("--model", required=True)
    parser.add_argument("--actors", type=int, default=8, help="requests in flight across the cluster")
    args = parser.parse_args()

    ray.init()
    base = os.path.dirname(os.path.abspath(args.manifest))
    rows = ray.data.read_json(args.manifest, lines=True)
    results = rows.map(
        Describer,
        fn_constructor_args=(args.url, args.model, base),
        concurrency=args.actors,
    )
    # A handful of rows at a time on the driver, one JSON object a line: the file import-results takes.
    with open(args.results, "w", encoding="utf-8") as out:
        for row in results.iter_rows():
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
