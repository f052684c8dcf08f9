import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/api/errors";

/** A service call for a page: NOT_FOUND (including another tenant's id) becomes the 404 page, anything else rethrows. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
